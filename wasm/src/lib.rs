//! recaudo in the browser (work in progress).
