// Placeholder replaced by the benchmark runner below in the same change.
console.log('bench')
