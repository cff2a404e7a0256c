// The browser's part of an LTI launch (server/lti/html.ts pages; docs/lti.md "Cookies").
// login:    keep the login's secret in this tab's sessionStorage (of Curvature's origin — in an
//           LMS frame, storage partitioned by the LMS site where the browser allows it), then go
//           to the LMS's authorisation endpoint. A frame whose storage is blocked offers to start
//           the login again in a window of its own, where the storage is first-party.
// relay:    the LMS posted the id_token here; add the secret this tab kept and post it on, so
//           the server knows this is the browser that began the login.
// continue: signed in by a one-time ticket; at the top level go on at once, in a frame
//           offer a new window (a frame's cookies may be blocked).
// autopost: post a signed message back to the LMS (deep linking).
(function () {
  var el = document.getElementById('lti');
  if (!el) return;
  var step = el.getAttribute('data-step');
  var key = function (state) { return 'curvature-lti:' + state; };
  try {
    if (step === 'login') {
      sessionStorage.setItem(key(el.getAttribute('data-state')), el.getAttribute('data-bind'));
      location.replace(el.getAttribute('data-next'));
    } else if (step === 'relay') {
      var form = document.getElementById('lti-form');
      var state = form.elements.state.value;
      form.elements.bind.value = sessionStorage.getItem(key(state)) || '';
      sessionStorage.removeItem(key(state));
      form.submit();
    } else if (step === 'continue') {
      var href = el.getAttribute('data-href');
      if (window.top === window.self) location.replace(href);
      else document.getElementById('lti-framed').hidden = false;
    } else if (step === 'autopost') {
      document.getElementById('lti-form').submit();
    }
  } catch {
    var p = document.getElementById('lti-noscript');
    if (p) p.hidden = false;
    if (step === 'relay') document.getElementById('lti-form').submit();
  }
})();
