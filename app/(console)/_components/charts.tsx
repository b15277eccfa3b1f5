'use client';

import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

type Step = 'hour' | 'day';
type Series = { key: string; label: string; color: string };

const tick = (step: Step) => (t: number) =>
  new Date(t).toLocaleString(
    'en-GB',
    step === 'hour'
      ? { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }
      : { day: 'numeric', month: 'short', timeZone: 'UTC' },
  );
const label = (t: unknown) =>
  `${new Date(Number(t)).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })} UTC`;

function Frame({ title, summary, children }: { title: string; summary: string; children: React.ReactElement }) {
  return (
    <figure aria-label={title} className="rounded-lg border border-slate-200 bg-white p-4">
      <figcaption className="mb-2">
        <span className="font-semibold">{title}</span>
        <span className="ml-2 text-sm text-slate-500">{summary}</span>
      </figcaption>
      <div className="h-52">
        <ResponsiveContainer width="100%" height="100%">
          {children}
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

/** Counts per bucket, stacked (sends by status, webhook deliveries). */
export function StackedBars({
  title,
  summary,
  data,
  series,
  step,
}: {
  title: string;
  summary: string;
  data: Record<string, number>[];
  series: Series[];
  step: Step;
}) {
  return (
    <Frame title={title} summary={summary}>
      <BarChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="t" tickFormatter={tick(step)} fontSize={11} minTickGap={24} />
        <YAxis allowDecimals={false} fontSize={11} />
        <Tooltip labelFormatter={label} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {series.map((s) => (
          <Bar key={s.key} dataKey={s.key} name={s.label} stackId="a" fill={s.color} isAnimationActive={false} />
        ))}
      </BarChart>
    </Frame>
  );
}

/** Percentages per bucket; a bucket where nothing ended has no point (not a misleading 0 %), the line bridges it. */
export function RateLines({
  title,
  summary,
  data,
  series,
  step,
}: {
  title: string;
  summary: string;
  data: Record<string, number | null>[];
  series: Series[];
  step: Step;
}) {
  return (
    <Frame title={title} summary={summary}>
      <LineChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="t" tickFormatter={tick(step)} fontSize={11} minTickGap={24} />
        <YAxis domain={[0, 100]} unit="%" fontSize={11} />
        <Tooltip labelFormatter={label} formatter={(v) => `${String(v)} %`} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {series.map((s) => (
          <Line
            key={s.key}
            dataKey={s.key}
            name={s.label}
            stroke={s.color}
            dot={{ r: 2 }}
            strokeWidth={2}
            connectNulls
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </Frame>
  );
}

/** Totals over the range, largest first (failures by category, validation errors by rule). */
export function RankedBars({
  title,
  summary,
  data,
  color,
}: {
  title: string;
  summary: string;
  data: { name: string; count: number }[];
  color: string;
}) {
  return (
    <Frame title={title} summary={summary}>
      <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" horizontal={false} />
        <XAxis type="number" allowDecimals={false} fontSize={11} />
        <YAxis type="category" dataKey="name" width={150} fontSize={11} />
        <Tooltip />
        <Bar dataKey="count" name="count" fill={color} isAnimationActive={false} />
      </BarChart>
    </Frame>
  );
}
