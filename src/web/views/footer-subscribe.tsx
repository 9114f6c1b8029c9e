/** The small form in every page's footer. */
export function FooterSubscribe() {
  return (
    <form class="footer-subscribe" method="post" action="/subscribe" aria-label="Subscribe to the digest">
      <label for="footer-email">Top papers by e-mail:</label>
      <input id="footer-email" type="email" name="email" required placeholder="you@example.org" autocomplete="email" />
      <select name="frequency" aria-label="How often">
        <option value="daily">daily</option>
        <option value="weekly">weekly</option>
      </select>
      <button class="secondary" type="submit">Subscribe</button>
    </form>
  );
}
