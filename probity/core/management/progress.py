"""A text progress bar for the command line."""


class ProgressBar:
    def __init__(self, stream, width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self.last = -1

    def __call__(self, stage: str, fraction: float) -> None:
        percent = int(fraction * 100)
        if percent == self.last:
            return
        self.last = percent
        filled = int(self.width * fraction)
        self.stream.write(f"\r[{'#' * filled}{'.' * (self.width - filled)}] {percent:3d}% {stage:<10}", ending="")
        self.stream.flush()

    def done(self) -> None:
        self.stream.write("")
