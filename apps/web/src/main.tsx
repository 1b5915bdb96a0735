import { render } from 'preact';
import { App } from './app.js';
import './styles.css';

render(<App />, document.getElementById('app')!);

if ('serviceWorker' in navigator) {
  // A failed registration (a browser without it, a private window) leaves the app working online.
  void navigator.serviceWorker.register('/sw.js').catch(() => undefined);
}
