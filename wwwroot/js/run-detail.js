// The run detail page's two browser-side needs: scrolling a virtualized timeline to one step, and copying a step's link.

const wait = ms => new Promise(resolve => setTimeout(resolve, ms));

// Virtualize renders only the rows near the scroll position, so the row for a step may not exist yet. Jump to where
// its position should be, then correct from the positions of the rows that did render, until the row exists.
export async function scrollToStep(container, position, sequence, rowHeight) {
  if (!container) {
    return false;
  }

  const selector = `[data-seq="${CSS.escape(String(sequence))}"]`;
  container.scrollTop = Math.max(0, position * rowHeight - container.clientHeight / 2);
  const deadline = Date.now() + 10000;
  let lastRange = '';
  let correctedAt = 0;
  let steady = 0;
  while (Date.now() < deadline) {
    await wait(50);
    const row = container.querySelector(selector);
    if (row) {
      // Only the timeline scrolls (scrollIntoView would move the page as well). Rows rendered around it can still
      // change the spacers' heights, so the row is re-centred until it has stayed put for a few checks.
      const offset = row.getBoundingClientRect().top - container.getBoundingClientRect().top;
      const delta = offset - (container.clientHeight - row.offsetHeight) / 2;
      if (Math.abs(delta) < 4) {
        if (++steady >= 3) {
          return true;
        }
      } else {
        steady = 0;
        container.scrollTop += delta;
      }

      continue;
    }

    steady = 0;
    const positions = [...container.querySelectorAll('[data-position]')].map(r => Number(r.dataset.position));
    if (positions.length === 0) {
      continue;
    }

    const min = Math.min(...positions);
    const max = Math.max(...positions);
    const range = `${min}-${max}`;
    if (range === lastRange && Date.now() - correctedAt < 400) {
      // Still the rows of the last correction: the server has not answered yet. (After a while the correction is
      // tried again: the list may not have been tall enough to take it when it was made.)
      continue;
    }

    lastRange = range;
    correctedAt = Date.now();
    if (position < min) {
      container.scrollTop -= (min - position) * rowHeight;
    } else if (position > max) {
      container.scrollTop += (position - max) * rowHeight;
    }
  }

  return false;
}

// Puts the permalink in the address bar (so a reload keeps the step) and on the clipboard when the browser allows it;
// the clipboard is not waited for, since a browser may hold the promise until a permission prompt is answered.
export function copyLink(url) {
  history.replaceState(history.state, '', url);
  navigator.clipboard?.writeText(url).catch(() => { });
}
