"""Documents: storage backends (local disk, Cloudinary), uploads with compensation, organiser access and purge."""
