import { ForbiddenMessage } from '@/components/shell/forbidden-message';

// forbidden() in a console page renders here, inside the console layout and so inside its <main>: a second
// <main> would nest (app/forbidden.tsx keeps one for pages outside the console).
export default function ConsoleForbidden() {
  return <ForbiddenMessage />;
}
