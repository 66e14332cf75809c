// The MongoDB-wire stand-in used where no real mongod is named by MONGO_URL: mongo-java-server bound
// to loopback. Run as a single-file program:
//   java -cp '<mongo jars>/*' MongoStandIn.java <host> <port> [<data file>]
// With a data file, every database whose name ends in `_auth` (the auth service's system of record:
// credentials, signing keys, refresh tokens, service accounts, sign-in throttles) is kept on disk by
// the H2 backend, and survives a restart, kill -9 included: the store is committed every few
// milliseconds, and an MVStore file is consistent after a crash. Every other database (read models
// and the like, which projectors rebuild from the log) stays in memory, where the stand-in is fast.
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import org.h2.mvstore.MVStore;

public class MongoStandIn {
    /** The H2 backend for the system of record, memory for everything else. */
    static class SystemOfRecordOnDisk extends H2Backend {
        SystemOfRecordOnDisk(MVStore store) {
            super(store);
        }

        @Override
        protected MongoDatabase openOrCreateDatabase(String name) {
            return name.endsWith("_auth") ? super.openOrCreateDatabase(name) : new MemoryDatabase(name, getCursorRegistry());
        }
    }

    public static void main(String[] args) throws InterruptedException {
        String host = args.length > 0 ? args[0] : "127.0.0.1";
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 27017;
        AbstractMongoBackend backend;
        if (args.length > 2) {
            MVStore store = new MVStore.Builder().fileName(args[2]).open();
            store.setAutoCommitDelay(20);
            backend = new SystemOfRecordOnDisk(store);
        } else {
            backend = new MemoryBackend();
        }
        MongoServer server = new MongoServer(backend);
        server.bind(host, port);
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
        System.out.println("mongo-java-server listening on " + host + ":" + port
            + (args.length > 2 ? " (databases *_auth kept in " + args[2] + ")" : " (in memory)"));
        Thread.currentThread().join();
    }
}
