import { NotFoundMessage } from '@/components/shell/not-found-message';

// notFound() in a console page (an unknown document, transaction or delivery ID) renders here, inside the console
// layout and so inside its <main>: a second <main> would nest (app/not-found.tsx has one for unmatched addresses).
export default function ConsoleNotFound() {
  return <NotFoundMessage />;
}
