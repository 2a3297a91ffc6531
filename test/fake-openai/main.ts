// `npm run fake-openai`: runs the fake OpenAI server standalone, so anyone can try the extension without a key.
// Port: env PORT or FAKE_OPENAI_PORT (default: a random free port). Stops on Ctrl+C.
import { startFakeOpenAI } from './server';

async function main(): Promise<void> {
  const port = Number(process.env.FAKE_OPENAI_PORT || process.env.PORT || 0);
  // FAKE_OPENAI_DEMO=1: the offline demo's realistic, human-paced answers instead of the test answers.
  const fake = await startFakeOpenAI({ port, quiet: true, demo: process.env.FAKE_OPENAI_DEMO === '1' });
  console.log(`FAKE OPENAI listening at ${fake.baseURL}`);
  console.log(
    fake.specChecked
      ? 'FAKE OPENAI: request bodies are checked against the OpenAI spec'
      : 'FAKE OPENAI: request conformance is NOT checked (spec not found)',
  );
  console.log('Use any API key (one containing "rejectme" gets 401). Faults: see test/fake-openai/README.md');
  const stop = (): void => {
    fake.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
