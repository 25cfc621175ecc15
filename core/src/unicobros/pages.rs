//! Walking every page of the operations listing.
//!
//! [`OperationPages`] asks for page 0, then follows `nextPage` until the biller answers `-1`
//! (or nothing). The document is inconsistent about numbering: requests count from 0, yet its
//! example answers `"page": 1` to `page=0`. So each reply calibrates: the offset between the
//! `page` it reports and the page we asked for is taken off its `nextPage` (a 1-based biller's
//! `nextPage: 2` after page 0 means "ask for 1"). The page asked for next must move forward; if
//! the calibrated value does not (a biller mixing numberings, or garbage), the next page in order
//! is asked for instead, so the walk can neither loop, go back nor stop early. Only `nextPage`
//! `-1` (or absent) or a page with no operations ends it.
//!
//! Each page is a read, retried with backoff on transient failures; a failure that outlasts
//! the retries is returned and the walk stops (asking again continues from the same page).

use crate::clock::Clock;
use crate::error::Error;
use crate::transport::Transport;

use super::client::UnicobrosClient;
use super::operations::{
    ListOperationsRequest, Operation, OperationFilters, OperationsPage, SearchOperationsRequest,
};

/// Which form of the listing to walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListMethod {
    /// `GET p/operations`, filters in the query.
    Get,
    /// `POST p/operations`, filters in the body.
    Post,
}

/// One page as the walk saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchedPage {
    /// The `page` we asked for (from 0).
    pub requested: u32,
    /// The page as the biller answered it.
    pub page: OperationsPage,
}

/// An async iterator over the pages of a listing; see the module docs.
pub struct OperationPages<'c, T, C> {
    client: &'c UnicobrosClient<T, C>,
    method: ListMethod,
    limit: Option<u32>,
    filters: OperationFilters,
    next: Option<u32>,
    fetched: u32,
}

impl<'c, T: Transport, C: Clock> OperationPages<'c, T, C> {
    /// Checks the request (limit, filters) before anything is sent.
    pub(crate) fn new(
        client: &'c UnicobrosClient<T, C>,
        method: ListMethod,
        first_page: u32,
        limit: Option<u32>,
        filters: OperationFilters,
    ) -> Result<Self, Error> {
        let pages = OperationPages {
            client,
            method,
            limit,
            filters,
            next: Some(first_page),
            fetched: 0,
        };
        pages.request_for(first_page).check(client)?;
        Ok(pages)
    }

    fn request_for(&self, page: u32) -> PageRequest {
        match self.method {
            ListMethod::Get => PageRequest::Get(ListOperationsRequest {
                page,
                limit: self.limit,
                filters: self.filters.clone(),
            }),
            ListMethod::Post => PageRequest::Post(SearchOperationsRequest {
                page,
                limit: self.limit,
                filters: self.filters.clone(),
            }),
        }
    }

    /// The next page, `None` once the listing is exhausted.
    pub async fn next_page(&mut self) -> Option<Result<FetchedPage, Error>> {
        let requested = self.next?;
        let page = match self.request_for(requested).read(self.client).await {
            Ok(page) => page,
            Err(e) => return Some(Err(e)),
        };
        self.fetched += 1;
        self.next = next_request(requested, &page);
        Some(Ok(FetchedPage { requested, page }))
    }

    /// The page the walk asks for next (from 0), `None` once the listing is exhausted.
    pub fn next_page_number(&self) -> Option<u32> {
        self.next
    }

    /// How many pages have been fetched so far.
    pub fn pages_fetched(&self) -> u32 {
        self.fetched
    }

    /// Every remaining operation, in the biller's order; `on_page` sees each page as it
    /// arrives (for progress reports).
    pub async fn collect_all(
        mut self,
        mut on_page: impl FnMut(&FetchedPage),
    ) -> Result<Vec<Operation>, Error> {
        let mut all = Vec::new();
        while let Some(page) = self.next_page().await {
            let page = page?;
            on_page(&page);
            all.extend(page.page.docs);
        }
        Ok(all)
    }
}

enum PageRequest {
    Get(ListOperationsRequest),
    Post(SearchOperationsRequest),
}

impl PageRequest {
    fn check<T: Transport, C: Clock>(&self, client: &UnicobrosClient<T, C>) -> Result<(), Error> {
        use crate::endpoint::Endpoint;
        match self {
            PageRequest::Get(r) => r.to_http(client.config()).map(drop),
            PageRequest::Post(r) => r.to_http(client.config()).map(drop),
        }
    }

    async fn read<T: Transport, C: Clock>(
        &self,
        client: &UnicobrosClient<T, C>,
    ) -> Result<OperationsPage, Error> {
        match self {
            PageRequest::Get(r) => client.read(r).await,
            PageRequest::Post(r) => client.read(r).await,
        }
    }
}

/// The page to ask for after `requested`, from the reply (see the module docs).
pub(crate) fn next_request(requested: u32, page: &OperationsPage) -> Option<u32> {
    if !page.has_next() || page.docs.is_empty() {
        return None;
    }
    let next = page.next_page?;
    let offset = page
        .page
        .map_or(0, |p| p.saturating_sub(i64::from(requested)));
    let calibrated = next.saturating_sub(offset);
    match u32::try_from(calibrated) {
        Ok(page) if page > requested => Some(page),
        _ => requested.checked_add(1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(page: Option<i64>, next: Option<i64>, docs: usize) -> OperationsPage {
        let doc = r#"{"status":"200","total":1}"#;
        let json = format!(
            r#"{{"docs":[{}],"page":{},"nextPage":{}}}"#,
            vec![doc; docs].join(","),
            page.map_or("null".into(), |p| p.to_string()),
            next.map_or("null".into(), |p| p.to_string()),
        );
        serde_json::from_str(&json).unwrap()
    }

    #[test]
    fn follows_next_page_in_either_numbering() {
        // 0-based replies.
        assert_eq!(next_request(0, &page(Some(0), Some(1), 5)), Some(1));
        assert_eq!(next_request(3, &page(Some(3), Some(4), 5)), Some(4));
        // 1-based replies (the document's example answers page 1 to page=0).
        assert_eq!(next_request(0, &page(Some(1), Some(2), 5)), Some(1));
        assert_eq!(next_request(1, &page(Some(2), Some(3), 5)), Some(2));
        // Mixed: 1-based `page`, 0-based `nextPage`.
        assert_eq!(next_request(0, &page(Some(1), Some(1), 5)), Some(1));
        // No page in the reply: nextPage verbatim.
        assert_eq!(next_request(0, &page(None, Some(1), 5)), Some(1));
        // Never backwards, never in place.
        assert_eq!(next_request(4, &page(Some(4), Some(2), 5)), Some(5));
    }

    #[test]
    fn stops_at_minus_one_nothing_or_an_empty_page() {
        assert_eq!(next_request(0, &page(Some(1), Some(-1), 5)), None);
        assert_eq!(next_request(0, &page(Some(0), None, 5)), None);
        assert_eq!(next_request(0, &page(Some(0), Some(1), 0)), None);
        assert_eq!(next_request(u32::MAX, &page(None, Some(i64::MAX), 1)), None);
        assert_eq!(next_request(3, &page(None, Some(i64::MAX), 1)), Some(4));
        assert_eq!(
            next_request(3, &page(Some(i64::MIN), Some(i64::MAX), 1)),
            Some(4)
        );
    }
}
