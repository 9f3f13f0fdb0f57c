(function () {
  var audio = document.getElementById("appel");
  var lines = document.querySelectorAll("[data-t]");
  function seek(line) {
    if (!audio) return;
    audio.currentTime = parseFloat(line.getAttribute("data-t"));
    audio.play();
  }
  lines.forEach(function (line) {
    line.addEventListener("click", function () { seek(line); });
    line.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); seek(line); }
    });
  });
  if (!audio) return;
  audio.addEventListener("timeupdate", function () {
    lines.forEach(function (line) {
      var t = parseFloat(line.getAttribute("data-t")), end = parseFloat(line.getAttribute("data-end"));
      line.classList.toggle("playing", audio.currentTime >= t && audio.currentTime < end);
    });
  });
})();
