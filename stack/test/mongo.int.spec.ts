import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import mongoose from 'mongoose';

const mongoUrl = process.env['MONGO_URL'] ?? '';

describe('MongoDB-wire server', () => {
  let connection: mongoose.Connection;

  beforeAll(async () => {
    connection = await mongoose
      .createConnection(mongoUrl, { dbName: `smoke_${randomUUID().slice(0, 8)}` })
      .asPromise();
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  const personSchema = new mongoose.Schema({
    email: { type: String, required: true, unique: true },
    kudos: { type: Number, default: 0 },
  });
  const Person = () => connection.model('Person', personSchema);

  beforeEach(async () => {
    await Person().deleteMany({});
  });

  it('stores documents and enforces a unique index with error 11000', async () => {
    const people = Person();
    await people.init();
    await people.create({ email: 'ada@example.com' });
    const duplicate = people.create({ email: 'ada@example.com' });
    await expect(duplicate).rejects.toMatchObject({ code: 11000 });
    expect(await people.countDocuments({ email: 'ada@example.com' })).toBe(1);
  });

  it('runs an unordered bulkWrite that applies every operation it can', async () => {
    const people = Person();
    await people.init();
    await people.create({ email: 'bob@example.com' });
    const outcome = await people
      .bulkWrite(
        [
          { insertOne: { document: { email: 'cy@example.com' } } },
          { insertOne: { document: { email: 'bob@example.com' } } },
          { updateOne: { filter: { email: 'bob@example.com' }, update: { $inc: { kudos: 2 } } } },
          {
            updateOne: { filter: { email: 'dee@example.com' }, update: { $inc: { kudos: 1 } }, upsert: true },
          },
        ],
        { ordered: false },
      )
      .then(
        () => undefined,
        (error: mongoose.mongo.MongoBulkWriteError) => error,
      );
    // The duplicate insert fails alone; every other operation is applied.
    expect(outcome?.code).toBe(11000);
    expect(outcome?.writeErrors).toHaveLength(1);
    expect(outcome?.result.upsertedCount).toBe(1);
    // (The stand-in's insertedCount also counts the failed insert, so the documents are the truth.)
    const emails = (await people.find().sort({ email: 1 }).lean()).map((person) => person.email);
    expect(emails).toEqual(['bob@example.com', 'cy@example.com', 'dee@example.com']);
    const bob = await people.findOne({ email: 'bob@example.com' }).lean();
    expect(bob?.kudos).toBe(2);
  });
});
