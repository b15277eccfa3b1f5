import { Toaster as Sonner } from 'sonner';

/**
 * Where toasts appear (`toast.success(…)` / `toast.error(…)` from 'sonner'), mounted once in the console layout.
 * Sonner gives the semantics: one polite live region named "Notifications" (so each toast is read out like a
 * role=status message, without taking focus), Alt+T to reach the toasts, a close button on each, pause on hover.
 * Colours are the console's (app/globals.css); richColors tints success green and errors red.
 */
export function Toaster() {
  return (
    <Sonner
      position="bottom-right"
      richColors
      closeButton
      duration={5_000}
      visibleToasts={4}
      containerAriaLabel="Notifications"
      toastOptions={{ closeButtonAriaLabel: 'Dismiss notification' }}
    />
  );
}
