package npy

import (
	"archive/zip"
	"errors"
	"io/fs"
	"os"
	"strings"

	"neurolab/experiment"
)

// maxNPZMembers bounds the arrays ReadNPZ reads from one archive.
const maxNPZMembers = 1 << 16

// ReadNPZ reads every array of the .npz archive at path, as np.savez and
// np.savez_compressed write them (a zip of .npy files, stored or deflated).
// names lists the arrays in archive order, each the member's name without
// its ".npy" suffix (np.savez's "responses.npy" is "responses"; positional
// arrays are arr_0, arr_1, …), and arrays maps each name to its data.
// Members are read with ReadFrom, so an array's header never sizes an
// allocation beyond the data the member holds. A missing file, a file that
// is not a zip archive, a member that is not a readable .npy file and two
// members with one name are input errors naming the file and the member.
func ReadNPZ(path string) (names []string, arrays map[string]*Array, err error) {
	z, err := zip.OpenReader(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil, experiment.Inputf("%s: file not found", path)
	case err != nil:
		if _, serr := os.Stat(path); serr != nil {
			return nil, nil, experiment.Inputf("%s: cannot open: %v", path, unwrapPath(serr))
		}
		return nil, nil, experiment.Inputf("%s: not a readable .npz archive (np.savez writes a zip of .npy files): %v", path, err)
	}
	defer z.Close()
	if len(z.File) > maxNPZMembers {
		return nil, nil, experiment.Inputf("%s: %d arrays in the archive, more than %d", path, len(z.File), maxNPZMembers)
	}
	arrays = map[string]*Array{}
	for _, f := range z.File {
		if strings.HasSuffix(f.Name, "/") {
			continue // a folder entry
		}
		name := strings.TrimSuffix(f.Name, ".npy")
		if _, dup := arrays[name]; dup {
			return nil, nil, experiment.Inputf("%s: two arrays named %q", path, name)
		}
		rc, err := f.Open()
		if err != nil {
			return nil, nil, experiment.Inputf("%s: array %q: cannot read the member: %v", path, name, err)
		}
		a, err := ReadFrom(path+": array "+name, rc)
		rc.Close()
		if err != nil {
			return nil, nil, err
		}
		names = append(names, name)
		arrays[name] = a
	}
	return names, arrays, nil
}
