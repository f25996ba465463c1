// rheumex review pages: sortable tables, and on the index a label filter and a mention search.
// Inlined into every page and allowed by the page's Content-Security-Policy through its
// SHA-256 hash (no 'unsafe-inline'), so no other script can run. The view is kept in the
// URL fragment (#sort=COL:asc|desc&label=LABEL&q=TEXT) and restored on load, so a sorted,
// filtered view can be bookmarked or shared.
(function () {
  'use strict';
  var state = {};
  function readHash() {
    var out = {};
    location.hash.replace(/^#/, '').split('&').forEach(function (kv) {
      var i = kv.indexOf('=');
      if (i > 0) { out[decodeURIComponent(kv.slice(0, i))] = decodeURIComponent(kv.slice(i + 1)); }
    });
    return out;
  }
  function writeHash() {
    var parts = [];
    Object.keys(state).forEach(function (k) {
      if (state[k]) { parts.push(encodeURIComponent(k) + '=' + encodeURIComponent(state[k])); }
    });
    if (history.replaceState) { history.replaceState(null, '', parts.length ? '#' + parts.join('&') : location.pathname); }
  }
  function cellKey(row, i) {
    var c = row.cells[i];
    var v = c ? (c.dataset.v !== undefined ? c.dataset.v : c.textContent.trim()) : '';
    var n = parseFloat(v);
    return (v !== '' && !isNaN(n) && isFinite(v)) ? n : v.toLowerCase();
  }
  function sortTable(t, i, asc) {
    var ths = t.tHead ? t.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(ths, function (h) { h.classList.remove('asc', 'desc'); });
    if (ths[i]) { ths[i].classList.add(asc ? 'asc' : 'desc'); }
    var b = t.tBodies[0];
    var rows = Array.prototype.slice.call(b.rows);
    rows.sort(function (x, y) {
      var a = cellKey(x, i), c = cellKey(y, i);
      if (typeof a !== typeof c) { a = String(a); c = String(c); }
      return (a < c ? -1 : a > c ? 1 : 0) * (asc ? 1 : -1);
    });
    rows.forEach(function (r) { b.appendChild(r); });
  }
  var tables = document.querySelectorAll('table.sortable');
  Array.prototype.forEach.call(tables, function (t, ti) {
    if (!t.tHead) { return; }
    Array.prototype.forEach.call(t.tHead.rows[0].cells, function (th, i) {
      th.classList.add('sortable');
      th.addEventListener('click', function () {
        var asc = !th.classList.contains('asc');
        sortTable(t, i, asc);
        if (ti === 0) { state.sort = i + ':' + (asc ? 'asc' : 'desc'); writeHash(); }
      });
    });
  });

  var filterTable = document.getElementById('documents');
  var labelSelect = document.getElementById('label-filter');
  var search = document.getElementById('search');
  var counter = document.getElementById('shown');
  function applyFilter() {
    if (!filterTable) { return; }
    var label = labelSelect ? labelSelect.value : '';
    var q = search ? search.value.trim().toLowerCase() : '';
    var shown = 0;
    Array.prototype.forEach.call(filterTable.tBodies[0].rows, function (r) {
      var labels = (r.dataset.labels || '').split(' ');
      var ok = (!label || labels.indexOf(label) >= 0) && (!q || (r.dataset.search || '').indexOf(q) >= 0);
      r.hidden = !ok;
      if (ok) { shown += 1; }
    });
    if (counter) { counter.textContent = String(shown); }
    state.label = label;
    state.q = q;
  }
  if (labelSelect) { labelSelect.addEventListener('change', function () { applyFilter(); writeHash(); }); }
  if (search) { search.addEventListener('input', function () { applyFilter(); writeHash(); }); }

  var h = readHash();
  if (labelSelect && h.label) { labelSelect.value = h.label; }
  if (search && h.q) { search.value = h.q; }
  if (h.sort && tables.length) {
    var m = /^(\d+):(asc|desc)$/.exec(h.sort);
    if (m) { sortTable(tables[0], parseInt(m[1], 10), m[2] === 'asc'); state.sort = h.sort; }
  }
  applyFilter();
  document.documentElement.dataset.rheumexScript = 'ready';
}());
