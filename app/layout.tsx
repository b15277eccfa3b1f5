import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { HydrationMark } from '@/components/hydration-mark';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Invoice Ops', template: '%s · Invoice Ops' },
  description: 'Operations console for PDF-to-Peppol invoicing',
  robots: { index: false, follow: false },
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans text-sm">
        {children}
        <HydrationMark />
      </body>
    </html>
  );
}
