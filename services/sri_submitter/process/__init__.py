"""The use-case layer: the background worker and the submission pipeline it drives
(prepare -> sign -> send -> poll), recording each exchange; the retry of a submission."""
