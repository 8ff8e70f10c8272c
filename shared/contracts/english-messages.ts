// zod/mini carries no messages of its own: without a locale every issue reads "Invalid input". Classic
// zod installs English the first time a schema is built; this does the same for zod/mini, so rejected
// events and problem documents say what is wrong ("Invalid input: expected string, received undefined").
// Imported for its effect by every contract module that builds schemas; importing it twice is harmless,
// and a locale set elsewhere on purpose is kept, as classic zod keeps it. English alone is imported by
// name: `z.locales.en()` would bundle every locale zod ships (about 200 KB).
import * as z from 'zod/mini';
import { en } from 'zod/locales';

if (!z.config().localeError) z.config(en());
