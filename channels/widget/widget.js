/* SEND help chat: a widget a site embeds with one script tag.
 *
 *   <script src="https://service.example/widget/static/widget.js"
 *           data-socket-url="https://assistant.example" defer></script>
 *
 * It talks to the assistant over the socket.io channel (channels/socket.py), so an officer's
 * messages arrive live. The conversation (session id and messages) is kept in sessionStorage,
 * so it survives a reload but not closing the tab on a shared computer. Text is always inserted
 * as text, never as HTML. */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = new URL(".", script.src);
  var socketUrl = script.getAttribute("data-socket-url") || window.location.origin;
  var title = script.getAttribute("data-title") || "SEND help chat";
  var STORE = "send-widget-v1";
  var PERSON_PAYLOAD = "/request_human";
  var state = load();

  function load() {
    try {
      var saved = JSON.parse(window.sessionStorage.getItem(STORE) || "{}");
      return { sessionId: saved.sessionId || null, messages: saved.messages || [], open: !!saved.open,
               large: !!saved.large, dyslexia: !!saved.dyslexia };
    } catch (e) {
      return { sessionId: null, messages: [], open: false, large: false, dyslexia: false };
    }
  }

  function save() {
    try { window.sessionStorage.setItem(STORE, JSON.stringify(state)); } catch (e) { /* storage full or off */ }
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) { node.textContent = text; }
    return node;
  }

  var css = el("link", { rel: "stylesheet", href: new URL("widget.css", base).href });
  document.head.appendChild(css);

  var root = el("div", { "class": "sw-root" });
  var launcher = el("button", { type: "button", "class": "sw-launcher", "aria-expanded": "false",
                                "aria-controls": "sw-panel" }, "Chat: help with SEND");
  var panel = el("section", { id: "sw-panel", "class": "sw-panel", "aria-labelledby": "sw-title" });
  var header = el("div", { "class": "sw-header" });
  var heading = el("h2", { id: "sw-title" }, title);
  var close = el("button", { type: "button", "class": "sw-close", "aria-label": "Close chat" }, "Close");
  var tools = el("div", { "class": "sw-tools" });
  var person = el("button", { type: "button", "class": "sw-person" }, "Talk to a person");
  var optionsToggle = el("button", { type: "button", "class": "sw-options-toggle", "aria-expanded": "false",
                                     "aria-controls": "sw-options" }, "Text options");
  var options = el("div", { id: "sw-options", "class": "sw-options" });
  var largeBox = el("input", { type: "checkbox", id: "sw-large" });
  var dyslexiaBox = el("input", { type: "checkbox", id: "sw-dyslexia" });
  var clear = el("button", { type: "button", "class": "sw-clear" }, "Clear this conversation");
  var status = el("p", { "class": "sw-status", role: "status" }, "Connecting…");
  var log = el("div", { "class": "sw-log", role: "log", "aria-label": "Conversation", tabindex: "0" });
  var list = el("ol", { "class": "sw-list" });
  log.appendChild(list);
  var typing = el("p", { "class": "sw-typing", "aria-hidden": "true" }, "The assistant is typing…");
  var form = el("form", { "class": "sw-form" });
  var label = el("label", { "for": "sw-input" }, "Your message");
  var input = el("textarea", { id: "sw-input", rows: "2", maxlength: "5000", autocomplete: "off" });
  var send = el("button", { type: "submit", "class": "sw-send" }, "Send");
  var hint = el("p", { "class": "sw-hint", id: "sw-hint" }, "Press Enter to send, Shift and Enter for a new line.");
  input.setAttribute("aria-describedby", "sw-hint");

  options.appendChild(el("div", { "class": "sw-check" }));
  options.lastChild.appendChild(largeBox);
  options.lastChild.appendChild(el("label", { "for": "sw-large" }, "Larger text"));
  options.appendChild(el("div", { "class": "sw-check" }));
  options.lastChild.appendChild(dyslexiaBox);
  options.lastChild.appendChild(el("label", { "for": "sw-dyslexia" }, "Easier-to-read text (more spacing, cream background)"));
  options.appendChild(clear);
  options.hidden = true;
  header.appendChild(heading);
  header.appendChild(close);
  tools.appendChild(person);
  tools.appendChild(optionsToggle);
  form.appendChild(label);
  form.appendChild(input);
  form.appendChild(send);
  form.appendChild(hint);
  [header, tools, options, status, log, typing, form].forEach(function (n) { panel.appendChild(n); });
  typing.hidden = true;
  root.appendChild(launcher);
  root.appendChild(panel);
  document.body.appendChild(root);

  function applyOptions() {
    root.classList.toggle("sw-large-text", state.large);
    root.classList.toggle("sw-dyslexia", state.dyslexia);
    largeBox.checked = state.large;
    dyslexiaBox.checked = state.dyslexia;
  }

  function setOpen(open, focus) {
    state.open = open;
    panel.hidden = !open;
    launcher.setAttribute("aria-expanded", String(open));
    launcher.textContent = open ? "Hide chat" : "Chat: help with SEND";
    save();
    if (open && focus) { input.focus(); }
    if (!open && focus) { launcher.focus(); }
  }

  function appendText(parent, text) {
    // Links become real links (http and https only); everything else stays plain text.
    var parts = String(text).split(/(https?:\/\/[^\s)]+[^\s).,])/);
    parts.forEach(function (part, i) {
      if (i % 2 === 1) {
        var a = el("a", { href: part, target: "_blank", rel: "noopener noreferrer" }, part);
        parent.appendChild(a);
      } else if (part) {
        parent.appendChild(document.createTextNode(part));
      }
    });
  }

  function render(message, isLast) {
    var item = el("li", { "class": "sw-msg sw-from-" + message.from });
    var who = el("span", { "class": "sw-who" }, message.from === "parent" ? "You" :
      (message.from === "officer" ? message.officer + ", resolution officer" : "Assistant"));
    var body = el("p", { "class": "sw-text" });
    appendText(body, message.text);
    item.appendChild(who);
    item.appendChild(body);
    if (message.calendar) {
      var link = el("a", { href: message.calendar, "class": "sw-calendar", download: "send-deadlines.ics" },
                    "Download your deadlines as a calendar file");
      item.appendChild(link);
    }
    if (message.letter) {
      [["docx", "Download the letter (Word)"], ["txt", "Download the letter (plain text)"]].forEach(function (pair) {
        if (message.letter[pair[0]]) {
          item.appendChild(el("a", { href: message.letter[pair[0]], "class": "sw-calendar sw-letter", download: "letter." + pair[0] },
                              pair[1]));
        }
      });
    }
    if (isLast && message.quickReplies && message.quickReplies.length) {
      var group = el("div", { "class": "sw-replies", role: "group", "aria-label": "Suggested replies" });
      message.quickReplies.forEach(function (reply) {
        var button = el("button", { type: "button", "class": "sw-reply" }, reply.title);
        button.addEventListener("click", function () { sendMessage(reply.payload, reply.title); });
        group.appendChild(button);
      });
      item.appendChild(group);
    }
    list.appendChild(item);
  }

  function redraw() {
    list.textContent = "";
    state.messages.forEach(function (m, i) { render(m, i === state.messages.length - 1); });
    log.scrollTop = log.scrollHeight;
  }

  function remember(message) {
    state.messages.push(message);
    state.messages = state.messages.slice(-200);
    save();
    redraw();
  }

  var socket = null;
  var typingTimer = null;

  function showTyping(on) {
    typing.hidden = !on;
    window.clearTimeout(typingTimer);
    if (on) { typingTimer = window.setTimeout(function () { typing.hidden = true; }, 20000); }
  }

  function sendMessage(payload, shown) {
    var text = String(payload || "");
    if (!text.trim()) { return; }
    remember({ from: "parent", text: shown || text });
    showTyping(true);
    if (!socket || !socket.connected) {
      status.textContent = navigator.onLine === false
        ? "You are offline. Your message will be sent when you are back online."
        : "Reconnecting… Your message will be sent when the chat is back.";
    }
    socket.emit("user_uttered", { message: text, session_id: state.sessionId });
  }

  function onBotMessage(data) {
    showTyping(false);
    if (!data) { return; }
    var officer = data.officer || null;
    var text = data.text || "";
    if (officer) {
      var prefix = officer + " (resolution officer): ";
      if (text.indexOf(prefix) === 0) { text = text.slice(prefix.length); }
    }
    var calendar = data.custom && typeof data.custom.calendar === "string" &&
      /^https?:\/\//.test(data.custom.calendar) ? data.custom.calendar : null;
    var letter = null;
    if (data.custom && data.custom.letter && typeof data.custom.letter === "object") {
      letter = {};
      ["docx", "txt"].forEach(function (format) {
        var url = data.custom.letter[format];
        if (typeof url === "string" && /^https?:\/\//.test(url)) { letter[format] = url; }
      });
    }
    if (!text && (calendar || letter) && state.messages.length) {
      if (calendar) { state.messages[state.messages.length - 1].calendar = calendar; }
      if (letter) { state.messages[state.messages.length - 1].letter = letter; }
      save();
      redraw();
      return;
    }
    if (!text) { return; }
    remember({ from: officer ? "officer" : "bot", officer: officer, text: text, calendar: calendar, letter: letter,
               quickReplies: (data.quick_replies || []).map(function (q) { return { title: q.title, payload: q.payload }; }) });
  }

  function connect() {
    if (typeof window.io !== "function") {
      status.textContent = "The chat could not load. Please reload the page.";
      return;
    }
    socket = window.io(socketUrl, { path: "/socket.io", transports: ["websocket", "polling"],
                                    reconnectionDelayMax: 10000 });
    socket.on("connect", function () {
      socket.emit("session_request", { session_id: state.sessionId });
    });
    socket.on("session_confirm", function (sessionId) {
      state.sessionId = typeof sessionId === "string" ? sessionId : (sessionId && sessionId.session_id);
      save();
      status.textContent = "Connected. You can ask for a person at any time.";
      if (!state.messages.length) {
        socket.emit("user_uttered", { message: "/greet", session_id: state.sessionId });
      }
    });
    socket.on("bot_uttered", onBotMessage);
    socket.on("disconnect", function () {
      status.textContent = navigator.onLine === false ? "You are offline. We will reconnect when you are back online."
                                                       : "Reconnecting…";
    });
    socket.io.on("reconnect_attempt", function () { status.textContent = "Reconnecting…"; });
  }

  launcher.addEventListener("click", function () { setOpen(panel.hidden, true); });
  close.addEventListener("click", function () { setOpen(false, true); });
  panel.addEventListener("keydown", function (e) { if (e.key === "Escape") { setOpen(false, true); } });
  person.addEventListener("click", function () { sendMessage(PERSON_PAYLOAD, "Talk to a person"); });
  optionsToggle.addEventListener("click", function () {
    options.hidden = !options.hidden;
    optionsToggle.setAttribute("aria-expanded", String(!options.hidden));
  });
  largeBox.addEventListener("change", function () { state.large = largeBox.checked; save(); applyOptions(); });
  dyslexiaBox.addEventListener("change", function () { state.dyslexia = dyslexiaBox.checked; save(); applyOptions(); });
  clear.addEventListener("click", function () {
    state.messages = [];
    state.sessionId = null;
    save();
    redraw();
    if (socket) { socket.disconnect(); socket.connect(); }
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value;
    input.value = "";
    sendMessage(text);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); form.requestSubmit(); }
  });
  window.addEventListener("offline", function () { status.textContent = "You are offline. We will reconnect when you are back online."; });
  window.addEventListener("online", function () { status.textContent = "Back online. Reconnecting…"; });

  applyOptions();
  redraw();
  setOpen(state.open, false);
  var vendor = el("script", { src: new URL("vendor/socket.io.min.js", base).href });
  vendor.onload = connect;
  vendor.onerror = function () { status.textContent = "The chat could not load. Please reload the page."; };
  document.head.appendChild(vendor);
}());
