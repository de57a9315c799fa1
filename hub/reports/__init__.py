"""Reports of one site's staff area (/quan-tri/bao-cao): how deadlines and monthly quotas
are kept, and the published work per author that royalties (nhuận bút) are paid on."""
