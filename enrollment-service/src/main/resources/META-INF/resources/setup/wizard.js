// Moves the wizard on by itself: polls /setup/status while the phone is being linked or the
// test notification waits for approval. Without script every step still works via its buttons.
(function () {
  'use strict';
  var main = document.getElementById('main');
  var poll = main && main.getAttribute('data-poll');
  if (!poll) {
    return;
  }
  var live = document.getElementById('live');

  function showError(message) {
    var box = document.getElementById('error');
    var title = document.createElement('strong');
    title.textContent = box.getAttribute('data-title') + '.';
    box.replaceChildren(title, document.createTextNode(' ' + message));
    box.hidden = false;
  }

  function tick() {
    fetch('/setup/status' + (poll === 'test' ? '?test=true' : ''), {credentials: 'same-origin', cache: 'no-store'})
      .then(function (response) { return response.json(); })
      .then(function (status) {
        if (status.error === 'SESSION_EXPIRED' || status.error === 'SETUP_ENDED') {
          showError(status.message);
          return;
        }
        if (poll === 'qr' && status.device && status.device !== 'NONE') {
          live.textContent = live.getAttribute('data-connected');
          window.location.assign('/setup/test');
          return;
        }
        if (poll === 'test' && status.test === 'APPROVED') {
          live.textContent = live.getAttribute('data-approved');
          live.classList.add('ok');
          var next = document.getElementById('next');
          next.hidden = false;
          next.focus();
          return;
        }
        if (poll === 'test' && status.test === 'FAILED') {
          // The number shown is of a push that is over; leave only the way on.
          document.getElementById('test-pending').hidden = true;
          showError(status.message);
          document.getElementById('send-again').hidden = false;
          document.getElementById('send-again-button').focus();
          return;
        }
        setTimeout(tick, 1000);
      })
      .catch(function () { setTimeout(tick, 3000); });
  }

  setTimeout(tick, 1000);
}());
