// The viewer's behaviour: filters, search, and the detail panel.
// Rule: text from the data reaches the page only through textContent (see text() below),
// never innerHTML, and links only through an http(s) check, so annotation and article
// text is always shown as text.
(function () {
  "use strict";

  function readJson(id) {
    return JSON.parse(document.getElementById(id).textContent);
  }

  var nodeData = readJson("kg-nodes");
  var edgeData = readJson("kg-edges");
  var options = readJson("kg-options");
  var panel = readJson("kg-panel");
  var labels = readJson("kg-labels");

  var typeLabel = {};
  labels.types.forEach(function (t) { typeLabel[t.key] = t.label; });
  var statusLabel = {};
  labels.statuses.forEach(function (s) { statusLabel[s.key] = s.label; });

  var byId = {};
  nodeData.forEach(function (n) { byId[n.id] = n; });
  var neighbours = {};
  nodeData.forEach(function (n) { neighbours[n.id] = []; });
  edgeData.forEach(function (e) {
    neighbours[e.from].push(e.to);
    neighbours[e.to].push(e.from);
  });

  // ---- filtering -------------------------------------------------------------------
  var visible = new Set(nodeData.map(function (n) { return n.id; }));
  var nodes = new vis.DataSet(nodeData);
  var edges = new vis.DataSet(edgeData);
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return visible.has(n.id); } });
  var edgeView = new vis.DataView(edges, {
    filter: function (e) { return visible.has(e.from) && visible.has(e.to); }
  });

  var dated = nodeData.filter(function (n) { return n.kind === "meeting" && n.start; });
  var dateMin = dated.reduce(function (m, n) { return !m || n.start < m ? n.start : m; }, "");
  var dateMax = dated.reduce(function (m, n) { return !m || n.end > m ? n.end : m; }, "");
  var dateFrom = document.getElementById("date-from");
  var dateTo = document.getElementById("date-to");
  if (dateFrom && dateTo) {
    if (dateMin) {
      [dateFrom, dateTo].forEach(function (input) { input.min = dateMin; input.max = dateMax; });
      dateFrom.value = dateMin;
      dateTo.value = dateMax;
    } else {
      dateFrom.disabled = dateTo.disabled = true;
    }
  }

  function checked(name) {
    var values = new Set();
    document.querySelectorAll("input[name=" + name + "]").forEach(function (box) {
      if (box.checked) { values.add(box.value); }
    });
    return values;
  }

  function meetingShown(n, statuses, from, to, rangeActive) {
    if (!statuses.has(n.status)) { return false; }
    if (!rangeActive) { return true; }
    if (!n.start) { return false; }  // an undated meeting cannot be shown to be in range
    return (!to || n.start <= to) && (!from || (n.end || n.start) >= from);
  }

  function applyFilters() {
    var types = checked("type");
    var statuses = checked("status");
    var from = dateFrom ? dateFrom.value : "";
    var to = dateTo ? dateTo.value : "";
    var rangeActive = Boolean(dateMin) && (from !== dateMin || to !== dateMax);
    visible = new Set();
    nodeData.forEach(function (n) {
      var ok = types.has(n.kind);
      if (ok && n.kind === "meeting") { ok = meetingShown(n, statuses, from, to, rangeActive); }
      if (ok) { visible.add(n.id); }
    });
    // An actor whose every meeting is filtered out has nothing left to say in this view.
    nodeData.forEach(function (n) {
      if (n.kind === "meeting" || !visible.has(n.id)) { return; }
      var meetings = neighbours[n.id].filter(function (m) { return byId[m].kind === "meeting"; });
      if (meetings.length && !meetings.some(function (m) { return visible.has(m); })) {
        visible.delete(n.id);
      }
    });
    nodeView.refresh();
    edgeView.refresh();
    updateCount();
  }

  function updateCount() {
    var shown = drawn();
    text(document.getElementById("count"),
      shown.nodes + " of " + nodeData.length + " nodes, " +
      shown.edges + " of " + edgeData.length + " edges");
  }

  function drawn() {
    return { nodes: network.body.nodeIndices.length, edges: network.body.edgeIndices.length };
  }

  // ---- the network -------------------------------------------------------------------
  var container = document.getElementById("graph");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, options);
  var api = { network: network, nodes: nodes, edges: edges, ready: false, drawn: drawn,
              applyFilters: applyFilters, focus: focusNode, rendered: null };
  window.kgViewer = api;

  function markReady() {
    if (api.ready) { return; }
    network.once("afterDrawing", function () {
      api.ready = true;
      api.rendered = performance.now();
      document.body.dataset.ready = "true";
    });
    network.redraw();
  }
  if (labels.physics) {
    // Let the forces lay out a small graph, then freeze it so nodes stay where the
    // analyst put them.
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      network.fit();
      markReady();
    });
  } else {
    network.fit();
    markReady();
  }
  updateCount();

  // ---- the detail panel --------------------------------------------------------------
  var details = document.getElementById("details");
  var pinned = null;

  function text(el, value) {
    el.textContent = value == null ? "" : String(value);
    return el;
  }

  function el(tag, value, className) {
    var node = document.createElement(tag);
    if (value != null) { text(node, value); }
    if (className) { node.className = className; }
    return node;
  }

  function safeLink(url, label) {
    // Only web addresses become links: a javascript: or data: URL in an annotation is text.
    if (typeof url === "string" && /^https?:\/\//i.test(url)) {
      var a = el("a", label);
      a.href = url;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      return a;
    }
    return el("span", label);
  }

  function nodeButton(id, label) {
    var b = el("button", label, "link");
    b.type = "button";
    b.addEventListener("click", function () { focusNode(id); });
    return b;
  }

  function section(title) {
    var s = el("section");
    s.appendChild(el("h3", title));
    details.appendChild(s);
    return s;
  }

  function dateRange(start, end) {
    if (!start) { return ""; }
    return end && end !== start ? start + " – " + end : start;
  }

  var FACTS = [["date", "Date"], ["start", "From"], ["end", "To"],
    ["status", "Status"], ["type", "Type"], ["meeting_type", "Type"], ["modality", "Modality"],
    ["format", "Format"], ["place", "Place"], ["partOf", "Part of"], ["secret", "Secret"],
    ["mediated", "Mediated"]];

  // Beside a reconciled value, what each article gave for it: one line per article when
  // they differ from it, else a single "as N articles say". A value other than the
  // reconciled one says how it was taken: an "earlier report" (a status the latest
  // report superseded), "less precise" (2020-10 under 2020-10-23), or "contradicts".
  function accountsOf(said, value) {
    var box = el("div", null, "said");
    if (!said || !said.length) { return box; }
    if (said.every(function (s) { return s.value === value; })) {
      if (said.length > 1) { box.appendChild(el("span", "as " + said.length + " articles say", "agree")); }
      return box;
    }
    said.forEach(function (s) {
      var line = el("span", null, "account");
      line.appendChild(el("span", s.source + ": ", "source-name"));
      line.appendChild(el("span", s.value, s.standing === "contradicts" ? "value differs" : "value"));
      if (s.standing) { line.appendChild(el("span", " (" + s.standing + ")", "standing")); }
      box.appendChild(line);
    });
    return box;
  }

  function showDetails(id) {
    var d = panel[id];
    var n = byId[id];
    if (!d || !n) { return; }
    details.replaceChildren();
    details.dataset.node = id;
    var names = d.names || {};
    details.appendChild(el("h2", names.en || n.label));
    if (names.ru && names.ru !== names.en) {
      var ru = el("p", names.ru, "ru");
      ru.lang = "ru";
      details.appendChild(ru);
    }
    details.appendChild(el("p", typeLabel[d.type] || d.type, "badge kind-" + d.type));
    if (!visible.has(id)) {
      details.appendChild(el("p", "Hidden by the current filters.", "warning"));
    }
    if (d.aliases && d.aliases.length) {
      details.appendChild(el("p", "Also written: " + d.aliases.join(", "), "aliases"));
    }
    if (d.within) { details.appendChild(el("p", "In " + d.within)); }
    if (d.facts) {
      var dl = el("dl", null, "facts");
      var contested = new Set(d.contested || []);
      var accounts = d.accounts || {};
      FACTS.forEach(function (f) {
        var value = d.facts[f[0]];
        if (value == null || value === "") { return; }
        if (f[0] === "start" && d.facts.end === value && d.facts.date) { return; }
        if (f[0] === "end" && (d.facts.start === value) && d.facts.date) { return; }
        dl.appendChild(el("dt", f[1]));
        var dd = el("dd", null, contested.has(f[0]) ? "contested" : "");
        dd.dataset.fact = f[0];
        dd.appendChild(el("span", value, "reconciled"));
        if (contested.has(f[0])) { dd.appendChild(el("span", "contested", "flag")); }
        dd.appendChild(accountsOf(accounts[f[0]], value));
        dl.appendChild(dd);
      });
      details.appendChild(dl);
    }
    if (d.posts && d.posts.length) {
      var posts = el("ul");
      d.posts.forEach(function (p) {
        var when = p.start ? " (" + (p.start) + " – " + (p.end || "") + ")" : "";
        posts.appendChild(el("li", p.post + when));
      });
      section("Posts").appendChild(posts);
    }
    if (d.participants && d.participants.length) {
      var people = el("ul", null, "participants");
      d.participants.forEach(function (p) {
        var li = el("li");
        var target = idByIri[p.iri];
        li.appendChild(target ? nodeButton(target, p.name) : el("span", p.name, "name"));
        var role = " — " + p.role.toLowerCase() + (p.onBehalfOf ? ", for " + p.onBehalfOf : "");
        li.appendChild(el("span", role, "role"));
        (p.posts || []).forEach(function (post) { li.appendChild(el("span", post, "post")); });
        if (p.contested) { li.appendChild(el("span", "post contested", "flag")); }
        if (p.said) { li.appendChild(accountsOf(p.said, (p.posts || [])[0])); }
        people.appendChild(li);
      });
      section("Participants").appendChild(people);
    }
    // A meeting lists its participants above; anything else lists what it is linked to.
    var linked = n.kind === "meeting" && d.participants && d.participants.length ? []
      : neighbours[id].slice();
    if (linked.length) {
      var list = el("ul", null, "linked");
      linked.slice().sort(function (a, b) {
        return (byId[a].start || "~").localeCompare(byId[b].start || "~") ||
          (byId[a].end || "~").localeCompare(byId[b].end || "~") ||
          byId[a].label.localeCompare(byId[b].label);
      }).forEach(function (m) {
        var li = el("li");
        li.appendChild(nodeButton(m, byId[m].label));
        var extra = [byId[m].date || dateRange(byId[m].start, byId[m].end),
          statusLabel[byId[m].status]];
        li.appendChild(el("span", " " + extra.filter(Boolean).join(" · "), "role"));
        list.appendChild(li);
      });
      section("Linked (" + linked.length + ")").appendChild(list);
    }
    if (d.sources && d.sources.length) {
      var sources = section("Sources (" + d.sources.length + ")");
      d.sources.forEach(function (src) {
        var box = el("div", null, "source");
        var head = el("p", null, "headline");
        head.appendChild(safeLink(src.url, src.headline || src.url || "article"));
        box.appendChild(head);
        var about = [src.outlet, src.published, src.language].filter(Boolean).join(" · ");
        box.appendChild(el("p", about, "about"));
        (src.sentences || []).forEach(function (s) {
          var quote = el("blockquote", s);
          if (src.language) { quote.lang = src.language; }
          box.appendChild(quote);
        });
        if (src.more) { box.appendChild(el("p", "… and " + src.more + " more", "about")); }
        if (src.url) { box.appendChild(el("p", src.url, "url")); }
        sources.appendChild(box);
      });
    }
    if (d.statements && d.statements.length) {
      var said = el("ul", null, "statements");
      d.statements.forEach(function (s) {
        var li = el("li");
        li.appendChild(el("span", s.speaker + (s.stance ? " (" + s.stance.toLowerCase() + ")" : "") + ": ", "name"));
        li.appendChild(el("q", s.quote));
        said.appendChild(li);
      });
      section("Statements about it").appendChild(said);
    }
    if (d.iri) { details.appendChild(el("p", d.iri, "iri")); }
  }

  var idByIri = {};
  Object.keys(panel).forEach(function (id) { if (panel[id].iri) { idByIri[panel[id].iri] = id; } });

  function focusNode(id) {
    if (!byId[id]) { return; }
    pinned = id;
    showDetails(id);
    if (visible.has(id)) {
      network.selectNodes([id]);
      network.focus(id, { scale: Math.max(network.getScale(), 1.1), animation: { duration: 300 } });
    }
    api.focused = id;
  }

  network.on("click", function (params) {
    if (params.nodes.length) {
      focusNode(params.nodes[0]);
    } else {
      pinned = null;
    }
  });
  network.on("hoverNode", function (params) {
    if (!pinned) { showDetails(params.node); }
  });

  // ---- search ------------------------------------------------------------------------
  function fold(s) {
    // Case, accents and ё/е do not matter: "pashinian", "Pashinyán" and "ПАШИНЯН" all match.
    return String(s).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/ё/g, "е");
  }

  var index = nodeData.map(function (n) {
    return { id: n.id, names: (panel[n.id].search || [n.label]).map(fold) };
  });

  function search(query) {
    var q = fold(query.trim());
    if (!q) { return []; }
    var hits = [];
    index.forEach(function (entry) {
      var best = 9;
      entry.names.forEach(function (name) {
        if (name === q) { best = Math.min(best, 0); }
        else if (name.startsWith(q)) { best = Math.min(best, 1); }
        else if (name.split(/[\s\-–]+/).some(function (w) { return w.startsWith(q); })) { best = Math.min(best, 2); }
        else if (name.indexOf(q) >= 0) { best = Math.min(best, 3); }
      });
      if (best < 9) {
        // Actors before meetings: the search box is for finding people and institutions.
        var rank = best + (byId[entry.id].kind === "meeting" ? 4 : 0);
        hits.push({ id: entry.id, rank: rank });
      }
    });
    hits.sort(function (a, b) {
      return a.rank - b.rank || byId[a.id].label.localeCompare(byId[b.id].label);
    });
    return hits.slice(0, 8);
  }

  var searchInput = document.getElementById("search");
  var results = document.getElementById("search-results");
  function showResults() {
    results.replaceChildren();
    var hits = search(searchInput.value);
    hits.forEach(function (hit) {
      var li = el("li");
      li.appendChild(nodeButton(hit.id, byId[hit.id].label));
      li.appendChild(el("span", " " + (typeLabel[byId[hit.id].kind] || ""), "role"));
      results.appendChild(li);
    });
    if (searchInput.value.trim() && !hits.length) { results.appendChild(el("li", "no match", "role")); }
    return hits;
  }
  searchInput.addEventListener("input", showResults);
  document.getElementById("search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var hits = showResults();
    if (hits.length) { focusNode(hits[0].id); }
  });

  // ---- wiring the filters ------------------------------------------------------------
  document.querySelectorAll("#controls input[type=checkbox]").forEach(function (box) {
    box.addEventListener("change", applyFilters);
  });
  [dateFrom, dateTo].forEach(function (input) {
    if (input) { input.addEventListener("change", applyFilters); }
  });
  document.getElementById("reset").addEventListener("click", function () {
    document.querySelectorAll("#controls input[type=checkbox]").forEach(function (box) {
      box.checked = true;
    });
    if (dateFrom && dateMin) { dateFrom.value = dateMin; dateTo.value = dateMax; }
    applyFilters();
    network.fit();
  });
})();
