import { expect } from '@open-wc/testing';
import { RequestController } from '../../../src/controllers/request-controller.ts';
import { BareHost } from '../helpers/bare-host.ts';

/** A request controller whose requests the test answers by hand. */
class ManualRequests extends RequestController<string> {
  readonly answers: ((value: string) => void)[] = [];

  ask(): Promise<void> {
    return this.run(() => new Promise<string>((resolve) => this.answers.push(resolve)));
  }

  /** Asks, and answers at once. */
  async answered(value: string): Promise<void> {
    const done = this.ask();
    this.answers.at(-1)!(value);
    await done;
  }

  fail(error: Error): Promise<void> {
    return this.run(() => Promise.reject(error));
  }
}

describe('RequestController', () => {
  it('is pending while a request is out and keeps its answer', async () => {
    const host = new BareHost();
    const requests = new ManualRequests(host);
    const done = requests.ask();
    expect(requests.pending).to.equal(true);
    requests.answers[0]!('first');
    await done;
    expect(requests.pending).to.equal(false);
    expect(requests.value).to.equal('first');
    expect(host.updates).to.be.greaterThan(1);
  });

  it('keeps only the newest answer when an older one comes last', async () => {
    const requests = new ManualRequests(new BareHost());
    const older = requests.ask();
    const newer = requests.ask();
    requests.answers[1]!('newer');
    await newer;
    requests.answers[0]!('older');
    await older;
    expect(requests.value).to.equal('newer');
    expect(requests.pending).to.equal(false);
  });

  it('drops an answer that comes after the host left the page', async () => {
    const host = new BareHost();
    const requests = new ManualRequests(host);
    const done = requests.ask();
    host.disconnect();
    expect(requests.pending).to.equal(false);
    requests.answers[0]!('too late');
    await done;
    expect(requests.value).to.equal(undefined);
  });

  it('hands a failed request to the caller and keeps the last answer', async () => {
    const requests = new ManualRequests(new BareHost());
    await requests.answered('kept');
    let thrown: unknown;
    await requests.fail(new Error('no server')).catch((error: unknown) => (thrown = error));
    expect((thrown as Error).message).to.equal('no server');
    expect(requests.value).to.equal('kept');
    expect(requests.pending).to.equal(false);
  });

  it('forgets its answer on clear(), and the answer to a request still out', async () => {
    const requests = new ManualRequests(new BareHost());
    await requests.answered('about another frame');
    requests.clear();
    expect(requests.value).to.equal(undefined);
    const out = requests.ask();
    requests.clear();
    expect(requests.pending).to.equal(false);
    requests.answers[1]!('about the frame before the preset');
    await out;
    expect(requests.value).to.equal(undefined);
  });
});
