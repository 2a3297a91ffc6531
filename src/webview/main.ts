// Browser entry of the chat view: connect to the host, build the app, accept only well-formed host messages,
// then say `ready` so the host sends the snapshot.
import { isHostToWebview } from '../shared/protocolGuards';
import { ChatApp } from './app';
import { connectToHost } from './vscodeApi';

const host = connectToHost();
const root = document.getElementById('app') ?? document.body;
const app = new ChatApp(root, host);

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  // Only the host (through VS Code) posts into this frame; the guard drops anything malformed.
  if (isHostToWebview(event.data)) app.handle(event.data);
});

host.post({ type: 'ready' });
