import '../../src/components/wsp-trace-timeline.ts';
import { decodeFrame, encodeFrame, encodeUtf8, Opcode, Side, type TraceEvent } from '../../src/protocol/index.ts';
import { TraceStream } from '../../src/transport/trace-stream.ts';

export interface TraceViewTimes {
  /** The first render of the whole trace, laid out. */
  readonly render: number;
  /** Per tick: from its events arriving to the view laid out. */
  readonly ticks: number[];
  /** Per scroll step: from the scroll to the rows in view laid out. */
  readonly scrolls: number[];
}

const frame = (): Promise<unknown> => new Promise((resolve) => requestAnimationFrame(resolve));

/**
 * Runs in the bench's Chromium: a live trace of `rows` events in the trace
 * view, then `ticks` more ticks as the ticker sends them at its fastest rate
 * (a frame from the server, then the page's message event), then `ticks`
 * jumps of the scroll box. Each time is the work the page does in one frame.
 */
async function measure(rows: number, ticks: number): Promise<TraceViewTimes> {
  document.body.replaceChildren();
  const view = document.createElement('wsp-trace-timeline');
  document.body.append(view);
  const trace = new TraceStream();
  trace.setClockOffset({ offset: trace.startedAt, error: 0.2 });
  let seq = 0;
  const tick = (): void => {
    seq++;
    const bytes = encodeFrame({
      opcode: Opcode.text,
      payload: encodeUtf8(`{"type":"tick","seq":${seq},"price":101.5}`),
    });
    const frame: TraceEvent = {
      type: 'frame',
      at: seq * 50,
      from: Side.server,
      bytes,
      frame: decodeFrame(bytes)!.frame,
    };
    trace.pushServer(frame);
    trace.push({ type: 'api', at: seq * 50 + 1, name: 'message', detail: `text (${bytes.length - 2} bytes)` });
  };
  for (let i = 0; i < rows / 2; i++) tick();
  await frame();
  const started = performance.now();
  view.events = trace.events;
  await view.updateComplete;
  // Layout is part of the frame's work: read a size to make the browser do it now.
  view.getBoundingClientRect();
  const render = performance.now() - started;
  await frame();
  const times: TraceViewTimes = { render, ticks: [], scrolls: [] };
  for (let i = 0; i < ticks; i++) {
    const start = performance.now();
    tick();
    view.events = trace.events;
    await view.updateComplete;
    view.getBoundingClientRect();
    times.ticks.push(performance.now() - start);
    await frame();
  }
  const box = view.shadowRoot!.querySelector<HTMLElement>('.scroller')!;
  for (let i = 0; i < ticks; i++) {
    const start = performance.now();
    box.scrollTop = ((i * 7919) % 100) * (box.scrollHeight / 100);
    box.dispatchEvent(new Event('scroll'));
    await view.updateComplete;
    view.getBoundingClientRect();
    times.scrolls.push(performance.now() - start);
    await frame();
  }
  return times;
}

declare global {
  /** What the bench calls through page.evaluate. */
  var measureTraceView: typeof measure;
}
globalThis.measureTraceView = measure;
