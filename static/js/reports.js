// The leader's report page: one bar chart per breakdown (kind of matter, field, handling
// direction, 02/XLD content group), from the figures the page embeds in #report-charts
// (built by admin/records.py from the same 01/TCD report as the tables beside the charts).
(function () {
  "use strict";

  var COLOURS = ["#0b5cad", "#8e1b1b", "#1d7a46", "#b86e00", "#5b3fa0", "#3b7f8c", "#6b7684",
    "#b3261e", "#2f6f3e"];
  var MAX_LABEL = 24;
  var KEYS = ["by_matter_type", "by_field", "by_handling", "by_content_group"];
  var source = document.getElementById("report-charts");
  window.reportCharts = {};
  // Without the figures or Chart.js the tables still hold every number.
  if (!source || typeof window.Chart !== "function") return;
  var data = JSON.parse(source.textContent);

  KEYS.forEach(function (key) {
    var canvas = document.getElementById(key + "-chart");
    var series = data[key];
    if (!canvas || !series) return;
    window.reportCharts[key] = new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: series.labels,
        datasets: [{
          label: data.label, data: series.values,
          backgroundColor: series.values.map(function (_, i) {
            return COLOURS[i % COLOURS.length];
          })
        }]
      },
      options: {
        indexAxis: "y", animation: false, maintainAspectRatio: false,
        plugins: { legend: { display: false } },
        scales: {
          x: { beginAtZero: true, ticks: { precision: 0 } },
          // Long labels ("Chuyển đơn đến cơ quan có thẩm quyền") are shortened on the axis;
          // the tooltip and the table beside the chart keep them whole.
          y: { ticks: { callback: function (value) {
            var label = this.getLabelForValue(value);
            return label.length > MAX_LABEL ? label.slice(0, MAX_LABEL - 1) + "…" : label;
          } } }
        }
      }
    });
  });
})();
