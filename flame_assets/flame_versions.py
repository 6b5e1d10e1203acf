"""The FLAME releases `mvportrait flame import` knows: their usual file names and licences (no numpy, so the
command line can list them without loading anything heavy)."""

from __future__ import annotations

import dataclasses

MPI_FLAME_LICENSE = ("MPI FLAME model license: non-commercial scientific research only, no redistribution "
                     "(https://flame.is.tue.mpg.de/modellicense.html)")
CC_BY_4_LICENSE = "CC-BY-4.0: credit FLAME when you share results (https://creativecommons.org/licenses/by/4.0/)"


@dataclasses.dataclass(frozen=True)
class FlameVersion:
    key: str
    file_name: str
    license: str


FLAME_VERSIONS: dict[str, FlameVersion] = {
    v.key: v for v in (
        FlameVersion("2020", "generic_model.pkl", MPI_FLAME_LICENSE),
        FlameVersion("2023", "flame2023.pkl", MPI_FLAME_LICENSE),
        FlameVersion("2023_no_jaw", "flame2023_no_jaw.pkl", MPI_FLAME_LICENSE),
        FlameVersion("2023_open", "flame2023_Open.pkl", CC_BY_4_LICENSE),
    )
}
