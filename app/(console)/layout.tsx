import type { ReactNode } from 'react';
import { redirect } from 'next/navigation';
import { LiveBadge } from '@/components/live/live-badge';
import { LiveProvider } from '@/components/live/live-provider';
import { EnvBadge } from '@/components/shell/env-badge';
import { KeyboardShortcuts } from '@/components/shell/keyboard';
import { SearchBox } from '@/components/shell/search-box';
import { SidebarNav } from '@/components/shell/sidebar-nav';
import { SignOutButton } from '@/components/shell/sign-out-button';
import { Toaster } from '@/components/ui/sonner';
import { TooltipProvider } from '@/components/ui/tooltip';
import { getCurrentUser } from '@/lib/auth/guard';
import { commandsFor, navFor } from '@/lib/auth/navigation';
import { roleLabels } from '@/lib/rules/permissions';

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await getCurrentUser();
  if (!user) redirect('/login');
  const nav = navFor(user.role);
  const items = nav.map(({ href, label }) => ({ href, label }));
  const pages = nav.map(({ href, label, key }) => ({ href, label, key }));
  const commands = commandsFor(user.role).map(({ href, label, keywords }) => ({ href, label, keywords }));
  return (
    <TooltipProvider>
      {/* Live data: one stream per tab, react-query's client (components/live/live-provider.tsx). */}
      <LiveProvider>
        <div className="flex min-h-screen">
          <aside className="flex w-56 shrink-0 flex-col bg-slate-900 p-3 text-slate-100">
            <div className="mb-4 flex items-center justify-between px-2">
              <span className="font-semibold">Invoice Ops</span>
              <EnvBadge />
            </div>
            <div className="-mt-2 mb-3 px-2">
              <LiveBadge />
            </div>
            <SearchBox />
            <SidebarNav items={items} />
            <div className="mt-auto space-y-1 border-t border-slate-700 px-2 pt-3 text-xs" data-testid="current-user">
              <div className="font-medium text-white">{user.name}</div>
              <div className="text-slate-400">{user.email}</div>
              <div>
                <span className="rounded bg-slate-700 px-1.5 py-0.5" data-testid="current-role">
                  {roleLabels[user.role]}
                </span>
              </div>
              <SignOutButton />
            </div>
          </aside>
          <main className="min-w-0 flex-1 p-6">{children}</main>
          <Toaster />
          <KeyboardShortcuts pages={pages} commands={commands} />
        </div>
      </LiveProvider>
    </TooltipProvider>
  );
}
