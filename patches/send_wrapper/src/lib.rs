//! `SendWrapper<T>` marks a value `Send` and `Sync` on the promise that it is used and dropped
//! only on the thread that made it. This crate has the API that Leptos (reactive_graph, tachys,
//! leptos_dom ...) calls in crates.io's `send_wrapper` 0.6; the workspace patches that crate
//! with this one (Cargo.toml, `[patch.crates-io]`).
//!
//! Why: crates.io's version asks `std::thread::current()` on every access. The widget's wasm
//! (wasm32 without the `atomics` target feature) runs on one thread, so the answer is always the
//! same, but the question cost the wasm about 5 KB: `std::thread::current` itself, the `Thread`
//! it returns and its drop, at every place a wrapped value is read. Here the check exists only
//! where a second thread can: on other targets it is the same promise, enforced with a panic.

#![forbid(unsafe_op_in_unsafe_fn)]

use std::fmt;
use std::mem::ManuallyDrop;
use std::ops::{Deref, DerefMut};

/// Where a value was made, as far as the check needs to know.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
mod origin {
    /// One thread: everything happens where the value was made.
    #[derive(Clone, Copy)]
    pub struct Origin;

    impl Origin {
        #[inline(always)]
        pub fn here() -> Origin {
            Origin
        }

        #[inline(always)]
        pub fn is_here(self) -> bool {
            true
        }
    }
}

#[cfg(not(all(target_arch = "wasm32", not(target_feature = "atomics"))))]
mod origin {
    use std::thread::{self, ThreadId};

    #[derive(Clone, Copy)]
    pub struct Origin(ThreadId);

    impl Origin {
        pub fn here() -> Origin {
            Origin(thread::current().id())
        }

        pub fn is_here(self) -> bool {
            self.0 == thread::current().id()
        }
    }
}

use origin::Origin;

const ELSEWHERE: &str =
    "a SendWrapper's value was used on a thread other than the one that made it";

/// A value that may cross threads but is used and dropped only on the thread that made it.
pub struct SendWrapper<T> {
    data: ManuallyDrop<T>,
    origin: Origin,
}

impl<T> SendWrapper<T> {
    /// Wraps `data`, made on this thread.
    #[inline]
    pub fn new(data: T) -> SendWrapper<T> {
        SendWrapper {
            data: ManuallyDrop::new(data),
            origin: Origin::here(),
        }
    }

    /// Whether this thread may use the value (the one that made it).
    #[inline]
    pub fn valid(&self) -> bool {
        self.origin.is_here()
    }

    #[inline]
    #[track_caller]
    fn check(&self) {
        if !self.valid() {
            panic!("{ELSEWHERE}");
        }
    }

    /// The value itself.
    ///
    /// # Panics
    /// On another thread than the one that made it.
    #[inline]
    #[track_caller]
    pub fn take(self) -> T {
        self.check();
        let mut this = ManuallyDrop::new(self);
        // SAFETY: `this` is never dropped, so `data` is taken exactly once and never used again.
        unsafe { ManuallyDrop::take(&mut this.data) }
    }
}

// SAFETY: the value is reached only through `Deref`, `DerefMut`, `take`, `Clone`, `Debug`,
// `poll` and `Drop`, each of which checks that it is on the thread that made it (trivially so
// where there is one thread).
unsafe impl<T> Send for SendWrapper<T> {}
// SAFETY: as for `Send`.
unsafe impl<T> Sync for SendWrapper<T> {}

impl<T> Deref for SendWrapper<T> {
    type Target = T;

    #[inline]
    #[track_caller]
    fn deref(&self) -> &T {
        self.check();
        &self.data
    }
}

impl<T> DerefMut for SendWrapper<T> {
    #[inline]
    #[track_caller]
    fn deref_mut(&mut self) -> &mut T {
        self.check();
        &mut self.data
    }
}

impl<T> Drop for SendWrapper<T> {
    /// Drops the value; on another thread, panics instead (or leaks it while that thread is
    /// already panicking), unless dropping it does nothing.
    #[track_caller]
    fn drop(&mut self) {
        if !std::mem::needs_drop::<T>() || self.valid() {
            // SAFETY: `data` is dropped here once, and the wrapper is being dropped.
            unsafe { ManuallyDrop::drop(&mut self.data) };
        } else if !std::thread::panicking() {
            panic!("{ELSEWHERE}");
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for SendWrapper<T> {
    #[track_caller]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SendWrapper")
            .field("data", self.deref())
            .finish()
    }
}

impl<T: Clone> Clone for SendWrapper<T> {
    #[track_caller]
    fn clone(&self) -> SendWrapper<T> {
        SendWrapper::new(self.deref().clone())
    }
}

#[cfg(feature = "futures")]
mod futures {
    use super::SendWrapper;
    use futures_core::Stream;
    use std::future::Future;
    use std::pin::Pin;
    use std::task::{Context, Poll};

    impl<T> SendWrapper<T> {
        /// The pinned value (after the thread check).
        #[track_caller]
        fn pinned(self: Pin<&mut Self>) -> Pin<&mut T> {
            self.check();
            // SAFETY: `data` is never moved out of a pinned wrapper: only `take` moves it, and
            // `take` needs the wrapper by value, which a `Pin<&mut Self>` does not give.
            unsafe { self.map_unchecked_mut(|wrapper| &mut *wrapper.data) }
        }
    }

    impl<F: Future> Future for SendWrapper<F> {
        type Output = F::Output;

        #[track_caller]
        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
            self.pinned().poll(cx)
        }
    }

    impl<S: Stream> Stream for SendWrapper<S> {
        type Item = S::Item;

        #[track_caller]
        fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<S::Item>> {
            self.pinned().poll_next(cx)
        }

        fn size_hint(&self) -> (usize, Option<usize>) {
            self.deref_size_hint()
        }
    }

    impl<S: Stream> SendWrapper<S> {
        fn deref_size_hint(&self) -> (usize, Option<usize>) {
            std::ops::Deref::deref(self).size_hint()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SendWrapper;
    use std::cell::Cell;
    use std::panic::{self, AssertUnwindSafe};
    use std::rc::Rc;
    use std::thread;

    #[test]
    fn the_value_is_reachable_on_its_own_thread() {
        let mut wrapped = SendWrapper::new(Rc::new(Cell::new(1)));
        assert!(wrapped.valid());
        wrapped.set(2);
        *wrapped = Rc::new(Cell::new(3));
        assert_eq!(wrapped.clone().get(), 3);
        assert_eq!(
            format!("{wrapped:?}"),
            "SendWrapper { data: Cell { value: 3 } }"
        );
        assert_eq!(wrapped.take().get(), 3);
    }

    #[test]
    fn the_value_is_dropped_once() {
        let value = Rc::new(());
        let wrapped = SendWrapper::new(Rc::clone(&value));
        assert_eq!(Rc::strong_count(&value), 2);
        drop(wrapped);
        assert_eq!(Rc::strong_count(&value), 1);
        let taken = SendWrapper::new(Rc::clone(&value)).take();
        assert_eq!(Rc::strong_count(&value), 2);
        drop(taken);
        assert_eq!(Rc::strong_count(&value), 1);
    }

    #[test]
    fn another_thread_may_move_it_but_not_use_it() {
        let wrapped = SendWrapper::new(Rc::new(7));
        let (valid, read, wrapped) = thread::spawn(move || {
            let valid = wrapped.valid();
            let read = panic::catch_unwind(AssertUnwindSafe(|| **wrapped)).is_err();
            (valid, read, wrapped)
        })
        .join()
        .unwrap();
        assert!(!valid, "valid() on another thread");
        assert!(read, "reading it on another thread panics");
        // Back on its own thread, it is usable again.
        assert!(wrapped.valid());
        assert_eq!(*wrapped.take(), 7);
    }

    #[test]
    fn dropping_it_on_another_thread_panics() {
        let wrapped = SendWrapper::new(Rc::new(7));
        assert!(thread::spawn(move || drop(wrapped)).join().is_err());
    }

    #[test]
    fn a_value_without_drop_glue_may_be_dropped_anywhere() {
        let wrapped = SendWrapper::new(5_u32);
        assert!(thread::spawn(move || drop(wrapped)).join().is_ok());
    }

    #[cfg(feature = "futures")]
    #[test]
    fn a_wrapped_future_is_polled_through() {
        use std::future::Future;
        use std::pin::pin;
        use std::task::{Context, Poll, Waker};
        let mut future = pin!(SendWrapper::new(async { 42 }));
        let mut cx = Context::from_waker(Waker::noop());
        assert_eq!(future.as_mut().poll(&mut cx), Poll::Ready(42));
    }
}
