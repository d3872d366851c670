// html is htm bound to Preact's h: the page's components are written as
// tagged templates, so no build step is needed.
import { h } from "preact";
import htm from "htm";

export const html = htm.bind(h);
