// The leader's report page: one bar chart per breakdown, from the figures the page embeds
// (#report-charts, built by admin/records.py from the same 01/TCD report as the tables).
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("report-charts").textContent);
  var COLOURS = ["#0b5cad", "#8e1b1b", "#1d7a46", "#b86e00", "#5b3fa0", "#3b7f8c", "#6b7684",
    "#b3261e", "#2f6f3e"];
  window.reportCharts = {};
  if (typeof window.Chart !== "function") return;  // the tables still hold every figure

  ["by_matter_type", "by_field", "by_handling", "by_content_group"].forEach(function (key) {
    var canvas = document.getElementById(key + "-chart");
    if (!canvas || !data[key]) return;
    window.reportCharts[key] = new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data[key].labels,
        datasets: [{ label: data.label, data: data[key].values,
          backgroundColor: data[key].values.map(function (_, i) {
            return COLOURS[i % COLOURS.length];
          }) }]
      },
      options: {
        indexAxis: "y", animation: false, maintainAspectRatio: false,
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } } }
      }
    });
  });
})();
