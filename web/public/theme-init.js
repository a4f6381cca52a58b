// Runs before first paint: applies the saved or system theme so the page never flashes the wrong one.
(function () {
  var pref = null;
  try {
    pref = localStorage.getItem('redline.theme');
  } catch {
    // Storage blocked (private mode): fall back to the system theme.
  }
  var dark = pref === 'dark' || (pref !== 'light' && window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches);
  var root = document.documentElement;
  root.setAttribute('data-theme', dark ? 'dark' : 'light');
  root.style.colorScheme = dark ? 'dark' : 'light';
})();
