"""Peewee models of online petitions (đơn trực tuyến): the letter and its attached files.

A petition is a letter in the case files awaiting an officer's classification (form 02/XLD:
matter type, field and so content group, handling direction). Its files live on disk under
the instance folder (reception.petitions.files), never in the database.
"""

from peewee import (
    BooleanField,
    CharField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from reception.models import BaseModel, Service, User

RECEIVED, CLASSIFIED = "received", "classified"


class Petition(BaseModel):
    """A letter a citizen sent online; the code is its public key (unguessable)."""

    code = CharField(max_length=16, unique=True)
    full_name = CharField(max_length=120)
    phone = CharField(max_length=20)
    email = CharField(max_length=254, default="")
    address = TextField()
    id_number = CharField(max_length=12, null=True)
    service = ForeignKeyField(Service, null=True, on_delete="SET NULL", backref="+")
    # The chosen matter was confidential (Tố cáo): the sender's identity is kept secret.
    confidential = BooleanField(default=False)
    content = TextField()
    status = CharField(max_length=12, default=RECEIVED, index=True)
    received_at = DateTimeField(index=True)
    # The officer's classification (form 02/XLD).
    matter_type = CharField(max_length=12, null=True)
    field = CharField(max_length=32, null=True)
    content_group = CharField(max_length=40, null=True)
    handling = CharField(max_length=12, null=True)
    classification_note = TextField(default="")
    classified_at = DateTimeField(null=True)
    classified_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    # The officer in charge: sees a confidential sender's identity, like a case's responsible.
    responsible = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    updated_at = DateTimeField()


class PetitionFile(BaseModel):
    """A PDF, JPEG or PNG sent with a petition, stored on disk as stored_name."""

    petition = ForeignKeyField(Petition, backref="files", on_delete="CASCADE")
    position = IntegerField()
    original_name = CharField(max_length=200)
    stored_name = CharField(max_length=80)
    media_type = CharField(max_length=32)
    size = IntegerField()
    sha256 = CharField(max_length=64)


PETITION_MODELS = [Petition, PetitionFile]
