// danhgia: small progressive enhancements; every page works without this file.
document.addEventListener('click', function (e) {
  var b = e.target.closest('[data-tree]');
  if (!b) return;
  var open = b.getAttribute('data-tree') === 'open';
  document.querySelectorAll('#unit-tree details').forEach(function (d) { d.open = open; });
});
document.addEventListener('submit', function (e) {
  var msg = e.target.getAttribute('data-confirm');
  if (msg && !window.confirm(msg)) e.preventDefault();
});
document.addEventListener('click', function (e) {
  if (e.target.closest('[data-print]')) window.print();
});
// The self-assessment saves itself as it is typed (a draft; "Lưu nháp" does the same by hand).
// A button pressed while a save is on its way waits for it, so the form goes with the version
// that save produced.
(function () {
  var form = document.querySelector('form[data-autosave]');
  if (!form || !window.fetch || !window.FormData) return;
  var status = document.getElementById('autosave-status');
  // (form.action would be the buttons named "action")
  var url = form.getAttribute('action');
  var timer = null;
  var inflight = null;
  function save() {
    timer = null;
    var data = new FormData(form);
    data.set('action', 'save');
    inflight = fetch(url, {
      method: 'POST',
      headers: { 'X-Autosave': '1' },
      body: new URLSearchParams(data),
      credentials: 'same-origin'
    }).then(function (r) {
      // The session ended (idle timeout): the answer is the login page, not JSON. Say so and
      // keep what is typed on screen (the Ministry's checklist: tell, then ask to log in).
      if (r.status === 401 || (r.redirected && r.url.indexOf('/login') >= 0)) {
        return { expired: true };
      }
      return r.json().then(function (j) { return { ok: r.ok, j: j }; });
    })
      .then(function (res) {
        if (res.expired) {
          status.textContent = status.getAttribute('data-expired');
          status.setAttribute('role', 'alert');
          return;
        }
        if (res.ok) {
          document.querySelectorAll('input[name="version"]').forEach(function (v) { v.value = res.j.version; });
          var now = new Date();
          var at = ('0' + now.getHours()).slice(-2) + ':' + ('0' + now.getMinutes()).slice(-2);
          status.textContent = status.getAttribute('data-saved').replace('{at}', at)
            .replace('{total}', res.j.total || '0').replace('{grade}', res.j.grade || '—');
        } else {
          status.textContent = status.getAttribute('data-failed').replace('{message}', res.j.message || '');
        }
      })
      .catch(function () {})
      .then(function () { inflight = null; });
  }
  form.addEventListener('input', function (e) {
    if (!e.target.name || e.target.name.indexOf('self_') !== 0) return;
    clearTimeout(timer);
    timer = setTimeout(save, 1200);
  });
  form.addEventListener('submit', function (e) {
    clearTimeout(timer);
    timer = null;
    if (inflight) {
      e.preventDefault();
      var by = e.submitter;
      inflight.then(function () { form.requestSubmit(by); });
    }
  });
})();
