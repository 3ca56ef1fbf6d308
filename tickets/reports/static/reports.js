/* Residents' reports: the map beside the list of reports, and the map on the report form where a click marks the
   place. Both are extras: without this script, Leaflet or the map tiles the list and the street field still work. */
(function () {
  "use strict";
  if (typeof L === "undefined") { return; }

  function boundsOf(el) {
    var b = el.getAttribute("data-bounds").split(",").map(Number);  // south, west, north, east
    return L.latLngBounds([b[0], b[1]], [b[2], b[3]]);
  }

  function makeMap(el) {
    var tiles = el.getAttribute("data-tile-url");
    if (!tiles) { return null; }
    el.hidden = false;
    var city = boundsOf(el);
    // Leaflet's controls speak English; the page gives their words in the resident's language
    var map = L.map(el, { maxBounds: city.pad(0.5), zoomControl: false });
    L.control.zoom({ zoomInTitle: el.getAttribute("data-zoom-in"), zoomOutTitle: el.getAttribute("data-zoom-out") }).addTo(map);
    map.on("popupopen", function (event) {
      var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close) { close.setAttribute("aria-label", el.getAttribute("data-close-popup")); close.title = el.getAttribute("data-close-popup"); }
    });
    L.tileLayer(tiles, { maxZoom: 19, attribution: el.getAttribute("data-attribution") || "" }).addTo(map);
    map.fitBounds(city);
    return { map: map, city: city };
  }

  function showReports(el) {
    var made = makeMap(el);
    if (!made) { return; }
    var points = [];
    document.querySelectorAll(".report[data-lat]").forEach(function (item) {
      var at = [parseFloat(item.getAttribute("data-lat")), parseFloat(item.getAttribute("data-lon"))];
      var popup = document.createElement("a");
      popup.href = "#" + item.id;
      popup.textContent = item.getAttribute("data-title");
      var approximate = item.getAttribute("data-approximate") === "true";  // at its street, from the street list
      L.marker(at, { title: item.getAttribute("data-title"), alt: item.getAttribute("data-title"), opacity: approximate ? 0.55 : 1 })
        .bindPopup(popup).addTo(made.map);
      points.push(at);
    });
    if (points.length) { made.map.fitBounds(L.latLngBounds(points).pad(0.2), { maxZoom: 16 }); }
  }

  function pickPlace(el) {
    var made = makeMap(el);
    if (!made) { return; }
    var lat = document.getElementById("lat");
    var lon = document.getElementById("lon");
    var status = document.getElementById("pick-status");
    var marker = null;
    document.getElementById("pick-tools").hidden = false;

    function mark(at, move) {
      if (!made.city.contains(at)) { status.textContent = el.getAttribute("data-outside"); return; }
      lat.value = at.lat.toFixed(6);
      lon.value = at.lng.toFixed(6);
      if (marker) { marker.setLatLng(at); } else { marker = L.marker(at).addTo(made.map); }
      if (move) { made.map.setView(at, 17); }
      status.textContent = el.getAttribute("data-marked").replace("{lat}", lat.value).replace("{lon}", lon.value);
      document.dispatchEvent(new CustomEvent("cct:place-marked"));
    }
    if (lat.value && lon.value) { mark(L.latLng(parseFloat(lat.value), parseFloat(lon.value)), true); }
    made.map.on("click", function (event) { mark(event.latlng, false); });
    document.getElementById("pick-clear").addEventListener("click", function () {
      lat.value = ""; lon.value = "";
      document.dispatchEvent(new CustomEvent("cct:place-marked"));
      if (marker) { made.map.removeLayer(marker); marker = null; }
      status.textContent = el.getAttribute("data-cleared");
    });
    document.getElementById("pick-here").addEventListener("click", function () {
      if (!navigator.geolocation) { status.textContent = el.getAttribute("data-no-location"); return; }
      navigator.geolocation.getCurrentPosition(
        function (position) { mark(L.latLng(position.coords.latitude, position.coords.longitude), true); },
        function () { status.textContent = el.getAttribute("data-no-location"); },
        { enableHighAccuracy: true, timeout: 10000 }
      );
    });
  }

  var list = document.getElementById("reports-map");
  if (list) { showReports(list); }
  var pick = document.getElementById("pick-map");
  if (pick) { pickPlace(pick); }
}());
