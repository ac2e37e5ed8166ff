/** The per-node confirm stage: windows dated from the end of the netfilter stages, tables kept per
 *  node (a clash on one node is none on another), insert_failed counted over all nodes, and an
 *  entry's expiry moved when its connection closes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfirmStage, confirmWindow } from '../../../models/netfilter/confirm-stage.ts';

test('a window opens windowNs before the confirm', () => {
  assert.deepEqual(confirmWindow(1_000, 400), { createdNs: 600, confirmedNs: 1_000 });
});

test('overlapping windows clash on one node only; a rescheduled entry frees its key', () => {
  const stage = new ConfirmStage('4.x');
  assert.equal(stage.confirm(0, 'k', false, 7, confirmWindow(1_000, 400), Infinity), 'inserted');
  // Created at 700, before the winner's confirm at 1,000: it could not see it.
  assert.equal(stage.confirm(0, 'k', false, 7, confirmWindow(1_100, 400), Infinity), 'insert_failed');
  assert.equal(stage.confirm(1, 'k', false, 7, confirmWindow(1_100, 400), Infinity), 'inserted');
  assert.equal(stage.insertFailed, 1);
  assert.equal(stage.visible(0, 'k', 999), false);
  assert.equal(stage.visible(0, 'k', 1_000), true);
  stage.reschedule(0, 'k', 5_000);
  assert.equal(stage.visible(0, 'k', 5_000), false);
  assert.equal(stage.confirm(0, 'k', false, 8, confirmWindow(6_000, 400), Infinity), 'inserted');
});
