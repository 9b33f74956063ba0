import '../../src/components/wsp-trace-timeline.ts';
import { decodeFrame, encodeFrame, encodeUtf8, Opcode, Side, type TraceEvent } from '../../src/protocol/index.ts';
import { TraceStream } from '../../src/transport/trace-stream.ts';

/**
 * Runs in the bench's Chromium: a live trace of `rows` ticks in the trace
 * view, then `ticks` more ticks as the ticker sends them at its fastest rate
 * (a frame from the server, then the page's message event). Returns, per
 * tick, the milliseconds from the events arriving to the view laid out: the
 * work the page does in that tick's frame.
 */
async function measure(rows: number, ticks: number): Promise<number[]> {
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
  view.events = trace.events;
  await view.updateComplete;
  await new Promise((resolve) => requestAnimationFrame(resolve));
  const durations: number[] = [];
  for (let i = 0; i < ticks; i++) {
    const start = performance.now();
    tick();
    view.events = trace.events;
    await view.updateComplete;
    // Layout is part of the frame's work: read a size to make the browser do it now.
    view.getBoundingClientRect();
    durations.push(performance.now() - start);
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
  return durations;
}

declare global {
  /** What the bench calls through page.evaluate. */
  var measureTraceView: typeof measure;
}
globalThis.measureTraceView = measure;
