"""The record form's script (``maps.visitor_forms``): reads the boxes into the API's JSON and
PUTs it to the record's own uuid.

A constant the project writes, never data, so a Content-Security-Policy can allow it by its
hash; the page's data comes in a JSON block read with ``JSON.parse``. No inline event handlers.
The uuid is the planned visit's (``planned_record_uuid``), so a reload or a second tap after a
dropped connection sends the same record again, and the service stores it once.

Once the record is saved, its proof follows (``PUT .../proof``: the time, and the phone's
location only when the visitor ticked "allow location": the browser is asked for it then and
never otherwise), then the photo when one was taken (``PUT .../photo``, the file as it is).
"""

from __future__ import annotations

from typing import Final

RECORD_SCRIPT: Final = """
(function () {
  var form = document.getElementById("vp-record");
  var config = JSON.parse(document.getElementById("vp-form-data").textContent);
  var status = document.getElementById("vp-status");
  var button = form.querySelector("button[type=submit]");
  var el = form.elements;
  function picked(name) {
    var box = form.querySelector("input[name=" + name + "]:checked");
    return box ? box.value : null;
  }
  function ticked(name) {
    return [].map.call(form.querySelectorAll("input[name=" + name + "]:checked"),
      function (box) { return box.value; });
  }
  function show(text, kind) {
    status.textContent = text;
    status.className = "vp-status " + kind;
  }
  // The boxes that depend on another: the disease's name, the number of people, who confirmed,
  // the care service's fields. Each is asked for (and required) only when it applies.
  function sync() {
    var serious = picked("illness") === "serious";
    document.getElementById("vp-illness-name-box").hidden = !serious;
    el["illness_name"].required = serious;
    var direction = picked("household_direction");
    el["household_count"].disabled = direction === "none";
    var confirmed = el["elder_confirmed"].checked;
    document.getElementById("vp-confirmed_by").disabled = !confirmed;
    [].forEach.call(form.querySelectorAll("input[name=confirmed_by]"),
      function (box) { box.required = confirmed; });
    var service = el["service_given"].checked;
    document.getElementById("vp-service-box").hidden = !service;
    ["service_date", "service_done", "service_given_by"].forEach(function (name) {
      el[name].required = service;
    });
  }
  form.addEventListener("change", sync);
  sync();
  function observations() {
    var found = {};
    config.choiceFields.forEach(function (name) {
      var value = picked(name);
      if (value !== null) { found[name] = value; }
    });
    var direction = picked("household_direction");
    var count = parseInt(el["household_count"].value, 10) || 0;
    found.household_change = direction === "up" ? count : direction === "down" ? -count : 0;
    if (found.illness === "serious") { found.illness_name = el["illness_name"].value.trim(); }
    found.needs = el["needs"].value;
    found.needs_kinds = ticked("needs_kinds");
    found.suggested_care = el["suggested_care"].value;
    return found;
  }
  function record() {
    var body = {
      date: el["date"].value,
      elder_id: config.elderId,
      mode: el["mode"].value,
      duration_minutes: parseInt(el["duration_minutes"].value, 10),
      note: el["note"].value,
      topics: ticked("topics"),
      reason: config.reason,
      observations: observations(),
      care_services: [],
      signatures: {elder_confirmed: el["elder_confirmed"].checked}
    };
    if (el["event"].value) { body.event = el["event"].value; }
    if (body.signatures.elder_confirmed) {
      body.signatures.confirmed_by = picked("confirmed_by");
    }
    if (el["service_given"].checked) {
      var service = {date: el["service_date"].value, done: el["service_done"].value,
        given_by: el["service_given_by"].value};
      var satisfaction = picked("satisfaction");
      if (satisfaction !== null) { service.satisfaction = satisfaction; }
      body.care_services.push(service);
    }
    return body;
  }
  // A 422 names the fields it refused (the API's problem JSON): say which, in the page's words.
  function refusal(response) {
    var fallback = config.words.not_saved.replace("{status}", String(response.status));
    if (response.status === 401) { return Promise.resolve(config.words.login_again); }
    return response.json().then(function (problem) {
      var errors = (problem && problem.errors) || [];
      if (!errors.length) { return fallback; }
      return errors.map(function (error) {
        var location = (error.location || []).filter(function (part) {
          return part !== "body";
        }).join(".");
        return (config.fieldNames[location.split(".").pop()] || location) + ": " +
          error.message;
      }).join("; ");
    }, function () { return fallback; });
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    sync();
    if (!form.reportValidity()) { return; }
    button.disabled = true;
    show(config.words.saving, "");
    fetch(config.submitUrl, {
      method: "PUT",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "Accept": "application/json"},
      body: JSON.stringify(record())
    }).then(function (response) {
      if (!response.ok) {
        button.disabled = false;
        return refusal(response).then(function (text) { show(text, "vp-error"); });
      }
      show(config.words.saved, "vp-ok");
      return sendProof().then(sendPhoto);
    }, function () {
      button.disabled = false;
      show(config.words.offline, "vp-error");
    });
  });
  function put(url, body, type) {
    return fetch(url, {method: "PUT", credentials: "same-origin",
      headers: {"Content-Type": type, "Accept": "application/json"}, body: body});
  }
  // The phone's position, asked only when the visitor allowed it; none when refused or slow.
  function position() {
    if (!el["allow_location"].checked || !navigator.geolocation) {
      return Promise.resolve(null);
    }
    return new Promise(function (resolve) {
      navigator.geolocation.getCurrentPosition(function (found) {
        resolve({lat: found.coords.latitude, lon: found.coords.longitude,
          accuracy_m: found.coords.accuracy});
      }, function () { resolve(null); }, {enableHighAccuracy: true, timeout: 15000,
        maximumAge: 60000});
    });
  }
  function sendProof() {
    var savedAt = new Date().toISOString();
    return position().then(function (location) {
      var proof = {saved_at: savedAt};
      if (location) { proof.location = location; }
      return put(config.proofUrl, JSON.stringify(proof), "application/json");
    }).catch(function () { return null; });
  }
  function sendPhoto() {
    var file = el["photo"].files && el["photo"].files[0];
    if (!file) { return null; }
    return put(config.photoUrl, file, file.type || "application/octet-stream")
      .then(function (response) {
        if (response.ok) { show(config.words.photo_saved, "vp-ok"); return; }
        button.disabled = false;
        show(config.words.photo_not_saved.replace("{status}", String(response.status)),
          "vp-error");
      }, function () {
        button.disabled = false;
        show(config.words.photo_not_saved.replace("{status}", "-"), "vp-error");
      });
  }
})();
"""
