// Paperboy's page script: progressive enhancement only; every form also works without it.
(function () {
  'use strict';
  // Upvotes without a page reload: post the same form, update the button from the JSON answer.
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.matches('form.vote-form')) return;
    event.preventDefault();
    var button = form.querySelector('button');
    if (button.disabled) return;
    button.disabled = true;
    var data = new URLSearchParams(new FormData(form));
    fetch(form.action, { method: 'POST', body: data, headers: { accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (res) { return res.ok ? res.json() : Promise.reject(res.status); })
      .then(function (state) {
        button.setAttribute('aria-pressed', state.voted ? 'true' : 'false');
        button.querySelector('.count').textContent = String(state.upvotes);
        button.querySelector('.label').textContent = state.voted ? 'Upvoted' : 'Upvote';
        form.querySelector('input[name="vote"]').value = state.voted ? '0' : '1';
      })
      .catch(function () { form.submit(); })
      .then(function () { button.disabled = false; });
  });
  // For you's "Not interested" / "More like this" without a page reload: send the form, drop a
  // not-interesting card at once, then put the list in its new order (the page's own render).
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.matches('form.feedback-form')) return;
    event.preventDefault();
    var button = form.querySelector('button');
    if (button.disabled) return;
    button.disabled = true;
    var notInterested = form.querySelector('input[name="kind"]').value === 'not_interested';
    var card = form.closest('li.card');
    fetch(form.action, { method: 'POST', body: new URLSearchParams(new FormData(form)), headers: { accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (res) { return res.ok ? res.json() : Promise.reject(res.status); })
      .then(function () {
        if (notInterested && card) card.remove();
        else button.textContent = 'Noted';
        return fetch(location.href, { credentials: 'same-origin', headers: { accept: 'text/html' } });
      })
      .then(function (res) { return res.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, 'text/html').querySelector('ol.for-you');
        var list = document.querySelector('ol.for-you');
        if (fresh && list) list.replaceWith(fresh);
      })
      .catch(function () { form.submit(); });
  });
  // "Add to collection" without a page reload: post the form, say where the paper went, and
  // list a collection just made so the next click can use it.
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.matches('form.collect-form')) return;
    event.preventDefault();
    var box = form.closest('details.collect');
    var status = box.querySelector('.collect-status');
    var data = new URLSearchParams(new FormData(form));
    var submitter = event.submitter;
    if (submitter && submitter.name) data.set(submitter.name, submitter.value);
    form.querySelectorAll('button').forEach(function (b) { b.disabled = true; });
    fetch(form.action, { method: 'POST', body: data, headers: { accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (res) {
        return res.json().then(function (body) { return res.ok ? body : Promise.reject(body && body.error ? body.error.message : res.status); });
      })
      .then(function (state) {
        status.textContent = state.message;
        if (state.created) {
          document.querySelectorAll('details.collect ul.collect-list').forEach(function (list) {
            var li = document.createElement('li');
            var button = document.createElement('button');
            button.className = 'linkish';
            button.type = 'submit';
            button.name = 'collection';
            button.value = String(state.collection.id);
            button.textContent = state.collection.title;
            li.appendChild(button);
            list.insertBefore(li, list.firstChild);
          });
          var title = form.querySelector('input[name="new_title"]');
          if (title) title.value = '';
        }
      })
      .catch(function (message) { status.textContent = typeof message === 'string' ? message : 'Could not add the paper: try again.'; })
      .then(function () { form.querySelectorAll('button').forEach(function (b) { b.disabled = false; }); });
  });
  // Search as you type: fetch the results page for the words so far (last word as a prefix)
  // and swap in its result list; the address bar follows so the page can be shared.
  var live = document.querySelector('input[data-live-search]');
  if (live) {
    var timer = 0;
    var seq = 0;
    live.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var params = new URLSearchParams(new FormData(live.form));
        params.set('prefix', '1');
        var mine = ++seq;
        fetch('/search?' + params.toString(), { credentials: 'same-origin' })
          .then(function (res) { return res.text(); })
          .then(function (html) {
            if (mine !== seq) return;
            var doc = new DOMParser().parseFromString(html, 'text/html');
            var fresh = doc.getElementById('results');
            if (fresh) document.getElementById('results').replaceWith(fresh);
            params.delete('prefix');
            history.replaceState(null, '', '/search?' + params.toString());
          });
      }, 120);
    });
  }
  // The date picker navigates as soon as a day is picked.
  document.addEventListener('change', function (event) {
    var input = event.target;
    if (input instanceof HTMLInputElement && input.matches('input[data-autosubmit]') && input.value) input.form.submit();
  });
  // Copy buttons (citations): shown only where the clipboard is there to copy to.
  if (navigator.clipboard) {
    document.querySelectorAll('button[data-copy]').forEach(function (button) { button.hidden = false; });
    document.addEventListener('click', function (event) {
      var button = event.target instanceof Element && event.target.closest('button[data-copy]');
      var source = button && document.getElementById(button.getAttribute('data-copy'));
      if (!source) return;
      navigator.clipboard.writeText(source.value || source.textContent).then(function () {
        button.textContent = 'Copied';
        setTimeout(function () { button.textContent = 'Copy'; }, 1500);
      }, function () { source.select(); });
    });
  }
})();
