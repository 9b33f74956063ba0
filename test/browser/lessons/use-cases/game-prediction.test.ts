import { expect } from '@open-wc/testing';
import { GamePrediction } from '../../../../src/lessons/use-cases/game-prediction.ts';
import type { GamePiece, GameTickMessage, GameWelcomeMessage } from '../../../../src/service/json-messages.ts';

function welcome(pieces: GamePiece[]): GameWelcomeMessage {
  return { type: 'welcome', room: 'arena', you: 'ann', width: 16, height: 10, every: 100, tick: 0, pieces };
}

function tick(number: number, pieces: GamePiece[]): GameTickMessage {
  return { type: 'tick', tick: number, sentAt: 0, pieces };
}

const bob: GamePiece = { name: 'bob', x: 14, y: 8, seq: 0 };

describe('client-side prediction and reconciliation for the game', () => {
  it('moves its own piece at once when predicting, and numbers each input from 1', () => {
    const view = new GamePrediction(true);
    view.apply(welcome([{ name: 'ann', x: 1, y: 1, seq: 0 }, bob]), 0);
    expect(view.input('right', 0)).to.deep.equal({ type: 'input', seq: 1, move: 'right' });
    expect(view.input('down', 0)).to.deep.equal({ type: 'input', seq: 2, move: 'down' });
    expect(view.own).to.deep.equal({ x: 2, y: 2 });
    expect(view.pieces.find((piece) => piece.you)).to.deep.equal({ name: 'ann', x: 2, y: 2, you: true });
    expect(view.pending.length).to.equal(2);
  });

  it('replays the inputs the server has not applied on top of its position', () => {
    const view = new GamePrediction(true);
    view.apply(welcome([{ name: 'ann', x: 1, y: 1, seq: 0 }, bob]), 0);
    view.input('right', 0);
    view.input('right', 10);
    view.input('down', 20);
    view.apply(tick(1, [{ name: 'ann', x: 2, y: 1, seq: 1 }, bob]), 300);
    expect(view.pending.map((input) => input.seq)).to.deep.equal([2, 3]);
    expect(view.own).to.deep.equal({ x: 3, y: 2 });
    expect(view.corrections).to.equal(0);
    expect(view.confirmedAfter).to.equal(300);
  });

  it('snaps back to the server’s position when the server refused a predicted move', () => {
    const view = new GamePrediction(true);
    view.apply(welcome([{ name: 'ann', x: 1, y: 1, seq: 0 }, bob]), 0);
    view.input('right', 0);
    // Someone else stepped into (2, 1) first: the server kept Ann in place but applied the input.
    view.apply(tick(1, [{ name: 'ann', x: 1, y: 1, seq: 1 }, { name: 'cy', x: 2, y: 1, seq: 4 }, bob]), 100);
    expect(view.own).to.deep.equal({ x: 1, y: 1 });
    expect(view.pending).to.deep.equal([]);
    expect(view.corrections).to.equal(1);
  });

  it('does not predict off the field or onto another piece', () => {
    const view = new GamePrediction(true);
    view.apply(
      welcome([
        { name: 'ann', x: 0, y: 0, seq: 0 },
        { name: 'bob', x: 1, y: 0, seq: 0 },
      ]),
      0,
    );
    view.input('up', 0);
    view.input('left', 0);
    view.input('right', 0);
    expect(view.own).to.deep.equal({ x: 0, y: 0 });
  });

  it('moves its own piece only on the server’s tick when not predicting', () => {
    const view = new GamePrediction(false);
    view.apply(welcome([{ name: 'ann', x: 1, y: 1, seq: 0 }, bob]), 0);
    view.input('right', 0);
    expect(view.own).to.deep.equal({ x: 1, y: 1 });
    view.apply(tick(1, [{ name: 'ann', x: 1, y: 1, seq: 0 }, bob]), 50);
    expect(view.own).to.deep.equal({ x: 1, y: 1 });
    view.apply(tick(2, [{ name: 'ann', x: 2, y: 1, seq: 1 }, bob]), 150);
    expect(view.own).to.deep.equal({ x: 2, y: 1 });
    expect(view.corrections).to.equal(0);
  });

  it('jumps to where it believes its piece is when prediction is switched', () => {
    const view = new GamePrediction(false);
    view.apply(welcome([{ name: 'ann', x: 1, y: 1, seq: 0 }, bob]), 0);
    view.input('down', 0);
    view.setPredict(true);
    expect(view.own).to.deep.equal({ x: 1, y: 2 });
    view.setPredict(false);
    expect(view.own).to.deep.equal({ x: 1, y: 1 });
  });

  it('shows the others where the server put them, and forgets its piece once gone', () => {
    const view = new GamePrediction(true);
    view.apply(welcome([{ name: 'ann', x: 1, y: 1, seq: 0 }, bob]), 0);
    view.apply(
      tick(1, [
        { name: 'ann', x: 1, y: 1, seq: 0 },
        { ...bob, x: 13 },
      ]),
      0,
    );
    expect(view.pieces.find((piece) => piece.name === 'bob')).to.deep.equal({ name: 'bob', x: 13, y: 8, you: false });
    view.apply(tick(2, [{ ...bob, x: 13 }]), 0);
    expect(view.own).to.equal(undefined);
    expect(view.pieces.length).to.equal(1);
  });
});
