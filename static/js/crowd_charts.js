// Charts of the crowd view (Chart.js, vendored): people in the hall through a day, with live
// points while today is shown, and arrivals by hour over the last 30 days.
(function () {
  "use strict";

  window.CrowdCharts = function (options) {
    var api = options.api, T = options.texts, format = options.format, hhmm = options.hhmm;
    var showMessage = options.showMessage;
    var dayChart = null, hourlyChart = null, shownDay = null, lastState = null;
    var dayPeak = { people: 0, at: null };

    function $(id) { return document.getElementById(id); }

    function minuteLabel(minute) {
      var h = Math.floor(minute / 60), m = Math.round(minute % 60);
      return (h < 10 ? "0" : "") + h + ":" + (m < 10 ? "0" : "") + m;
    }

    function chartsReady() { return typeof window.Chart === "function"; }

    // Tooltips open below the point and inside the plot area, so that they never cover the
    // chart's legend or the panel's heading above it (Chart.js would put them above the point).
    var TOOLTIP = { position: "belowHeadings", yAlign: "top" };
    if (chartsReady() && !window.Chart.Tooltip.positioners.belowHeadings) {
      window.Chart.Tooltip.positioners.belowHeadings = function (items, eventPosition) {
        var at = window.Chart.Tooltip.positioners.average.call(this, items, eventPosition);
        if (!at) return false;
        return { x: at.x, y: Math.max(at.y, this.chart.chartArea.top), yAlign: "top" };
      };
    }

    function drawDay(history) {
      var points = history.points.map(function (p) { return { x: p.minute, y: p.people }; });
      if (dayChart) dayChart.destroy();
      dayChart = new window.Chart($("day-chart"), {
        type: "line",
        data: { datasets: [{ label: T.chart_people, data: points, stepped: true, fill: true,
          borderColor: "#0b5cad", backgroundColor: "rgba(11, 92, 173, .15)", pointRadius: 0 }] },
        options: {
          animation: false, maintainAspectRatio: false, parsing: false,
          plugins: { legend: { display: false }, tooltip: TOOLTIP },
          scales: {
            x: { type: "linear", min: 6 * 60, max: 18 * 60,
              ticks: { stepSize: 60, callback: function (v) { return minuteLabel(v); } } },
            y: { beginAtZero: true, ticks: { precision: 0 } }
          }
        }
      });
      extendAxis(points);
      showPeak(history.peak);
    }

    function showPeak(peak) {
      dayPeak = peak;
      $("day-peak").textContent = peak.at
        ? format(T.peak, { people: peak.people, time: hhmm(peak.at) }) : "";
    }

    function extendAxis(points) {
      var x = dayChart.options.scales.x;
      points.forEach(function (p) {
        if (p.x < x.min) x.min = Math.floor(p.x / 60) * 60;
        if (p.x > x.max) x.max = Math.ceil((p.x + 1) / 60) * 60;
      });
    }

    function addLivePoint(state) {
      var minute = parseInt(state.generated_at.substring(11, 13), 10) * 60
        + parseInt(state.generated_at.substring(14, 16), 10);
      var data = dayChart.data.datasets[0].data;
      var last = data[data.length - 1];
      if (last && last.x === minute) last.y = state.people_in_hall;
      else if (!last || last.y !== state.people_in_hall) {
        data.push({ x: minute, y: state.people_in_hall });
      }
      extendAxis(data);
      dayChart.update("none");
      if (state.people_in_hall > dayPeak.people) {
        showPeak({ people: state.people_in_hall, at: state.generated_at });
      }
    }

    function loadDay(day) {
      shownDay = day;
      api("GET", "/api/v1/crowd/history?date=" + encodeURIComponent(day)).then(function (history) {
        if (chartsReady()) drawDay(history);
        if (lastState && shownDay === lastState.date && dayChart) addLivePoint(lastState);
      }, function (error) { showMessage(error.message, "error"); });
    }

    function loadHourly() {
      api("GET", "/api/v1/crowd/hourly?days=30").then(function (data) {
        $("open-days").textContent = format(T.open_days, { days: data.open_days });
        if (!chartsReady()) return;
        var hours = data.by_hour.filter(function (row) {
          return (row.hour >= 6 && row.hour <= 18) || row.people_arrived > 0;
        });
        if (hourlyChart) hourlyChart.destroy();
        hourlyChart = new window.Chart($("hourly-chart"), {
          data: {
            labels: hours.map(function (row) { return minuteLabel(row.hour * 60); }),
            datasets: [
              { type: "bar", label: T.chart_arrivals, backgroundColor: "#0b5cad",
                data: hours.map(function (row) { return row.average_arrivals; }) },
              { type: "line", label: T.chart_peak, borderColor: "#b3261e",
                backgroundColor: "#b3261e",
                data: hours.map(function (row) { return row.average_peak; }) }
            ]
          },
          options: { animation: false, maintainAspectRatio: false,
            plugins: { tooltip: TOOLTIP }, scales: { y: { beginAtZero: true } } }
        });
      }, function (error) { showMessage(error.message, "error"); });
    }

    // A new crowd_state: extend today's chart when today is shown.
    function live(state) {
      lastState = state;
      if (shownDay === state.date && dayChart) addLivePoint(state);
    }

    return { loadDay: loadDay, loadHourly: loadHourly, live: live };
  };
})();
