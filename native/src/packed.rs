//! Numbers handed to Python as the native-endian bytes of an `array` (or read there in
//! place through a `memoryview`): one copy, written straight into the bytes object.
use pyo3::prelude::*;
use pyo3::types::PyBytes;

/// `values` as their native-endian bytes (`bytes` is the type's `to_ne_bytes`).
pub fn packed<'py, T: Copy, const N: usize>(
    py: Python<'py>,
    values: &[T],
    bytes: fn(T) -> [u8; N],
) -> PyResult<Bound<'py, PyBytes>> {
    PyBytes::new_with(py, values.len() * N, |buf| {
        buf.chunks_exact_mut(N)
            .zip(values)
            .for_each(|(b, &x)| b.copy_from_slice(&bytes(x)));
        Ok(())
    })
}
