package io.asyncrl.jobs.spec;

import io.asyncrl.hw.Device;
import io.asyncrl.hw.DeviceCatalog;
import io.asyncrl.hw.HardwareModel;
import io.asyncrl.hw.HardwareModels;
import io.asyncrl.hw.ModelArch;
import io.asyncrl.hw.ModelCatalog;
import java.util.List;
import java.util.Optional;

/**
 * What the validator needs from module hardware-models: the two catalogs and the memory model.
 * Production code uses {@link #DEFAULT}; tests may substitute their own.
 */
interface HardwareLookup {

    Optional<ModelArch> model(String name);

    List<String> modelNames();

    Optional<Device> device(String name);

    List<String> deviceNames();

    HardwareModel hardwareModel();

    HardwareLookup DEFAULT = new HardwareLookup() {
        @Override
        public Optional<ModelArch> model(String name) {
            return ModelCatalog.find(name);
        }

        @Override
        public List<String> modelNames() {
            return ModelCatalog.names();
        }

        @Override
        public Optional<Device> device(String name) {
            return DeviceCatalog.find(name);
        }

        @Override
        public List<String> deviceNames() {
            return DeviceCatalog.names();
        }

        @Override
        public HardwareModel hardwareModel() {
            return HardwareModels.defaultModel();
        }
    };
}
