# One-click rebuild: RebuildRunner and its parsers.
target_sources(khepri_runtime PRIVATE
)
