// SPDX-License-Identifier: GPL-3.0-or-later
"use strict";
const log = document.getElementById("log");
const events = new EventSource("/events");
events.addEventListener("datagrams", (message) => {
  for (const event of JSON.parse(message.data).events) {
    log.append(document.createTextNode(event.seq + " " + event.dir + " " + event.kind + " " + event.text + "\n"));
  }
});
