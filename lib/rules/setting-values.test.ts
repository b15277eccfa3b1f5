import { describe, expect, it } from 'vitest';
import { AlertThresholds } from '@/lib/alerts/thresholds';
import { PendingWindows } from '@/lib/rules/pending-windows';
import { Retention } from '../settings/schemas';
import { readSetting } from './setting-values';

describe('reading a stored setting', () => {
  it('keeps valid stored values', () => {
    const stored = {
      exdata_pending_minutes: 20,
      goroute_pending_minutes: 6,
      goroute_processing_minutes: 7,
      goroute_sending_minutes: 8,
      received_minutes: 3,
      uploading_minutes: 4,
      review_minutes: 600,
      approved_minutes: 9,
      queued_minutes: 11,
      send_retry_minutes: 12,
    };
    expect(readSetting(PendingWindows, stored)).toEqual(stored);
  });

  it('falls back to the default for a value saved before its limit existed, keeping the other choices', () => {
    const stored = {
      exdata_pending_minutes: 99_999_999_999,
      goroute_pending_minutes: 6,
      goroute_processing_minutes: -1,
      goroute_sending_minutes: 'ten',
    };
    expect(readSetting(PendingWindows, stored)).toEqual({
      exdata_pending_minutes: 15,
      goroute_pending_minutes: 6,
      goroute_processing_minutes: 5,
      goroute_sending_minutes: 10,
      received_minutes: 10,
      uploading_minutes: 15,
      review_minutes: 1440,
      approved_minutes: 10,
      queued_minutes: 10,
      send_retry_minutes: 10,
    });
    expect(
      readSetting(AlertThresholds, {
        failure_rate_percent: 250,
        signature_failures_per_hour: 3,
        notify_cooldown_minutes: 1e9,
      }),
    ).toEqual({
      failure_rate_percent: 10,
      failure_rate_window_minutes: 15,
      signature_failures_per_hour: 3,
      webhook_silence_minutes: 60,
      sign_in_failures_per_15_minutes: 20,
      notify_cooldown_minutes: 30,
    });
    expect(readSetting(Retention, { raw_payload_days: 100_000 })).toEqual({ raw_payload_days: 90 });
  });

  it('never throws on whatever is stored', () => {
    for (const stored of [undefined, null, 'text', 42, [], { exdata_pending_minutes: null }]) {
      expect(readSetting(PendingWindows, stored)).toEqual(PendingWindows.parse({}));
    }
  });
});
