// Session page: clicking a transcript line plays the call from that moment; the line being heard
// is marked while the call plays; evidence links flash the turn they cite.
(function () {
  "use strict";
  var audio = document.getElementById("audio");
  var lines = Array.prototype.slice.call(document.querySelectorAll(".ligne[data-t]"));

  function seek(t) {
    audio.currentTime = t;
    var playing = audio.play();
    if (playing && playing.catch) { playing.catch(function () {}); }
  }

  if (audio) {
    lines.forEach(function (line) {
      line.addEventListener("click", function () { seek(parseFloat(line.dataset.t)); });
    });
    audio.addEventListener("timeupdate", function () {
      var current = null;
      lines.forEach(function (line) { if (parseFloat(line.dataset.t) <= audio.currentTime + 0.05) { current = line; } });
      lines.forEach(function (line) { line.classList.toggle("en-cours", line === current); });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("a.vers-tour"), function (link) {
    link.addEventListener("click", function () {
      var line = document.getElementById("tour-" + link.dataset.tour);
      if (!line) { return; }
      line.classList.remove("eclair");
      void line.offsetWidth;  // restart the animation
      line.classList.add("eclair");
    });
  });
})();
