// §13 the war-room board's only script (served by the bot; the page allows no inline script).
// Countdowns tick every second from the server's clock (each event carries the server's "now"), rows arrive
// rendered by the server over Server-Sent Events, and the browser's EventSource resumes with Last-Event-ID.
'use strict';
(function () {
  var boot = JSON.parse(document.getElementById('boot').textContent);
  var W = boot.words;
  var q = boot.query;
  var offset = boot.now - Date.now();
  var total = boot.total;
  var shown = boot.shown;
  var list = document.getElementById('cases');
  var $ = function (id) {
    return document.getElementById(id);
  };
  var serverNow = function () {
    return Date.now() + offset;
  };
  var sync = function (now) {
    if (typeof now === 'number') offset = now - Date.now();
  };

  function pad(n) {
    return n < 10 ? '0' + n : '' + n;
  }
  function fmt(ms) {
    var s = Math.floor(Math.abs(ms) / 1000);
    return Math.floor(s / 3600) + ':' + pad(Math.floor((s % 3600) / 60)) + ':' + pad(s % 60);
  }

  // §13: amber when boot.amber (20 %) or less of the window is left, red with the time overdue once breached; the
  // threshold comes from the server (src/core/rules/board-urgency.ts), never written here
  var AMBER = boot.amber;
  function tick() {
    var now = serverNow();
    var cds = document.querySelectorAll('.cd[data-due]');
    for (var i = 0; i < cds.length; i++) {
      var el = cds[i];
      var due = +el.dataset.due,
        start = +el.dataset.start,
        left = due - now;
      var red = left < 0 && el.dataset.nag === '1';
      var amber = !red && left >= 0 && left <= AMBER * (due - start);
      el.classList.toggle('red', red);
      el.classList.toggle('amber', amber);
      var ct = el.querySelector('.ct');
      if (ct) ct.textContent = fmt(left);
      var cw = el.querySelector('.cw');
      if (cw) cw.textContent = left < 0 ? W.overdue_by : W.left;
      if (el.classList.contains('next')) {
        var row = el.closest('li.case');
        row.classList.toggle('red', red);
        row.classList.toggle('amber', amber);
      }
    }
    var c = $('clock');
    if (c) c.textContent = new Date(now).toLocaleTimeString(document.documentElement.lang, { hour12: false, timeZone: boot.tz });
  }

  function fragment(html) {
    var t = document.createElement('template');
    t.innerHTML = html;
    return t.content.firstElementChild;
  }

  function counts() {
    shown = list.children.length;
    $('total').textContent = (W.open_total || '').replace('{n}', total);
    $('shown').textContent = (W.shown || '').replace('{n}', shown);
    $('empty').hidden = total > 0;
    $('more').hidden = shown >= total;
  }

  // a row goes where its next deadline sorts; past the loaded page it waits for "load more"
  function place(r) {
    var old = list.querySelector('li[data-id="' + r.id + '"]');
    if (old) old.remove();
    var el = fragment(r.html);
    var rows = list.children;
    for (var i = 0; i < rows.length; i++) {
      var k = +rows[i].dataset.key;
      if (r.key < k || (r.key === k && +r.id.slice(1) < +rows[i].dataset.id.slice(1))) {
        list.insertBefore(el, rows[i]);
        return;
      }
    }
    if (shown >= total || !rows.length || old) list.appendChild(el);
  }

  function onChange(e) {
    var d = JSON.parse(e.data);
    sync(d.now);
    for (var i = 0; i < d.gone.length; i++) {
      var g = list.querySelector('li[data-id="' + d.gone[i] + '"]');
      if (g) g.remove();
    }
    for (var j = 0; j < d.rows.length; j++) place(d.rows[j]);
    counts();
    tick();
  }

  function onSummary(e) {
    var d = JSON.parse(e.data);
    sync(d.now);
    $('tiles').innerHTML = d.tiles;
    $('stats').innerHTML = d.stats;
    $('feed').innerHTML = d.feed;
    total = d.total;
    counts();
    // the chart follows the figures (a new URL each time, so it is fetched again)
    $('chart').src = '/board/chart.png?' + q + '&at=' + d.now;
  }

  // the badge shows only with the script running (without it the page says so in <noscript>)
  var live = $('live');
  live.hidden = false;
  var cursor = boot.cursor;
  var es;
  function connect() {
    es = new EventSource('/board/events?' + q + '&after=' + cursor);
    es.addEventListener('open', function () {
      live.textContent = W.live;
      live.className = 'live on';
    });
    es.addEventListener('error', function () {
      live.textContent = W.reconnecting;
      live.className = 'live off';
      // refused (503 when too many boards are open): EventSource gives up; try again after the server's Retry-After
      if (es.readyState === 2) setTimeout(connect, boot.streamRetryS * 1000);
    });
    es.addEventListener('change', function (e) {
      if (e.lastEventId) cursor = +e.lastEventId;
      onChange(e);
    });
    es.addEventListener('summary', onSummary);
    es.addEventListener('now', function (e) {
      sync(JSON.parse(e.data).now);
      tick();
    });
    es.addEventListener('reload', function () {
      location.reload();
    });
    es.addEventListener('expired', function () {
      es.close();
      location.reload();
    });
  }
  connect();

  function more() {
    return fetch('/board/rows?' + q + '&offset=' + list.children.length + '&limit=' + boot.pageSize)
      .then(function (r) {
        return r.json();
      })
      .then(function (d) {
        sync(d.now);
        total = d.total;
        for (var i = 0; i < d.rows.length; i++) {
          var el = fragment(d.rows[i]);
          if (!list.querySelector('li[data-id="' + el.dataset.id + '"]')) list.appendChild(el);
        }
        counts();
        tick();
        return d.rows.length;
      });
  }

  if (boot.tv) {
    // the wall view: read-only, and it scrolls itself through long lists (then starts again at the top)
    var box = document.scrollingElement;
    var loading = false;
    setInterval(function () {
      if (loading) return;
      if (box.scrollTop + window.innerHeight >= box.scrollHeight - 2) {
        if (shown < total) {
          loading = true;
          more().then(
            function () {
              loading = false;
            },
            function () {
              loading = false;
            },
          );
        } else
          setTimeout(function () {
            box.scrollTop = 0;
          }, 3000);
      } else box.scrollTop += 2;
    }, 50);
  } else {
    $('more').addEventListener('click', more);
    document.addEventListener('click', function (e) {
      var a = e.target.closest('[data-case]');
      if (!a) return;
      e.preventDefault();
      fetch('/board/case?' + q + '&id=' + encodeURIComponent(a.dataset.case))
        .then(function (r) {
          return r.ok
            ? r.json()
            : r.text().then(function (t) {
                return { html: '<p></p>', text: t };
              });
        })
        .then(function (d) {
          $('case-body').innerHTML = d.html;
          if (d.text) $('case-body').firstChild.textContent = d.text;
          $('case').showModal();
        });
    });
  }

  counts();
  tick();
  setInterval(tick, 1000);
})();
