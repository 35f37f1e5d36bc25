// Live updates for the officer console: the queue refreshes itself and announces urgent
// escalations; an open conversation shows the parent's new messages as they arrive. Everything
// also works without this script (reload the page); text is always inserted as text, never HTML.
(function () {
  "use strict";
  var status = document.querySelector("[data-live-status]");
  if (!status) { return; }
  var escalationId = status.getAttribute("data-escalation");
  var polite = document.getElementById("announce-polite");
  var urgent = document.getElementById("announce-urgent");
  var delay = 1000;

  function say(region, text) { region.textContent = ""; window.setTimeout(function () { region.textContent = text; }, 50); }

  function cell(row, text, className) {
    var td = document.createElement("td");
    if (className) { td.className = className; }
    td.textContent = text;
    row.appendChild(td);
    return td;
  }

  function refreshQueue() {
    return fetch("/console" + window.location.search, { credentials: "same-origin" })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-queue]");
        var table = document.querySelector("[data-queue]");
        if (fresh && table) { table.replaceWith(fresh); }
      });
  }

  function addMessage(entry) {
    var list = document.querySelector("[data-transcript]");
    if (!list) { return; }
    var item = document.createElement("li");
    var who = document.createElement("span");
    var text = document.createElement("span");
    item.className = entry.kind === "parent_message" ? "from-parent" : "from-officer";
    who.className = "who";
    who.textContent = entry.kind === "parent_message" ? "Parent" : (entry.officer || "Officer") + " (officer)";
    text.className = "text";
    text.textContent = entry.text;
    item.appendChild(who);
    item.appendChild(text);
    list.appendChild(item);
    if (entry.kind === "parent_message") { say(polite, "New message from the parent: " + entry.text); }
  }

  var shown = {};  // timeline entry ids already handled: an entry sent twice is shown once

  function onEvent(message) {
    var entry = message.entry || {};
    var escalation = message.escalation || {};
    if (entry.id !== undefined) {
      if (shown[entry.id]) { return; }
      shown[entry.id] = true;
    }
    if (escalationId) {
      if (String(entry.escalation_id) === escalationId && entry.kind === "parent_message") { addMessage(entry); }
      return;
    }
    refreshQueue();
    if (escalation.priority === "urgent" && (entry.kind === "raised" || entry.kind === "priority_raised" || entry.kind === "raised_again")) {
      say(urgent, "Urgent escalation " + escalation.id + " needs an officer now.");
    } else if (entry.kind === "raised") {
      say(polite, "New escalation " + escalation.id + " in the queue.");
    }
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + "/api/events");
    socket.onopen = function () { delay = 1000; status.textContent = "Live updates: on"; };
    socket.onmessage = function (event) {
      try { onEvent(JSON.parse(event.data)); } catch (e) { /* ignore a malformed message */ }
    };
    socket.onclose = function () {
      status.textContent = "Live updates: reconnecting…";
      window.setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30000);
    };
  }
  connect();
}());
