/* The book's interactive charts: put each chart (Vega-Lite, spec in the page) in its figure, in
 * place of the static image. Without JavaScript, or when a chart fails, the static figure stays;
 * print shows the static figure (charts.css). Needs window.vegaEmbed (the bundled Vega scripts). */
(function () {
  "use strict";

  function show(block) {
    var slug = block.getAttribute("data-figure");
    var figure = document.getElementById(slug);
    if (!figure || typeof window.vegaEmbed !== "function") { return; }
    var payload = JSON.parse(block.querySelector("script.dbk-chart-spec").textContent);
    var view = document.createElement("div");
    view.className = "dbk-chart-view";
    view.setAttribute("role", "group");
    view.setAttribute("tabindex", "0");
    view.setAttribute("aria-label", "Interactieve grafiek: " + block.getAttribute("data-title"));
    var desc = document.createElement("p");
    desc.className = "dbk-chart-desc";
    desc.id = slug + "-beschrijving";
    desc.textContent = block.getAttribute("data-alt");
    view.setAttribute("aria-describedby", desc.id);
    view.appendChild(desc);
    figure.insertBefore(view, figure.firstChild);
    figure.classList.add("dbk-live");
    var pending = payload.specs.map(function (spec) {
      var target = document.createElement("div");
      target.className = "dbk-chart-target";
      view.appendChild(target);
      return window.vegaEmbed(target, spec, {
        actions: false,
        renderer: "svg",
        formatLocale: payload.formatLocale,
        tooltip: { theme: "light" }
      }).then(function (result) {
        var svg = target.querySelector("svg");
        if (svg) {  /* the figure's title names the drawing; its alt text describes it */
          svg.setAttribute("aria-label", block.getAttribute("data-title"));
          svg.setAttribute("aria-describedby", desc.id);
        }
        target.dbkView = result.view;  /* for the book's tests */
        return result;
      });
    });
    Promise.all(pending).then(function () {
      view.setAttribute("data-rendered", "true");
    }).catch(function (error) {
      figure.classList.remove("dbk-live");
      figure.removeChild(view);
      console.error("Grafiek " + slug + " kon niet getoond worden:", error);
    });
  }

  function start() {
    var blocks = document.querySelectorAll("div.dbk-chart[data-figure]");
    for (var i = 0; i < blocks.length; i++) { show(blocks[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
