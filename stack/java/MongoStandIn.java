// The MongoDB-wire stand-in used where no real mongod is named by MONGO_URL: mongo-java-server with
// its in-memory backend, bound to loopback. Run as a single-file program:
//   java -cp '<mongo jars>/*' MongoStandIn.java <host> <port>
// Data lives as long as the process; projectors rebuild read models from Kafka after a restart.
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

public class MongoStandIn {
    public static void main(String[] args) throws InterruptedException {
        String host = args.length > 0 ? args[0] : "127.0.0.1";
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 27017;
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind(host, port);
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
        System.out.println("mongo-java-server listening on " + host + ":" + port);
        Thread.currentThread().join();
    }
}
