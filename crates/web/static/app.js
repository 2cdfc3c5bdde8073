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
