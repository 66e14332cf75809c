import { zodResolver } from '@hookform/resolvers/zod';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardActions from '@mui/material/CardActions';
import CardContent from '@mui/material/CardContent';
import CardHeader from '@mui/material/CardHeader';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import Link from '@mui/material/Link';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import DeleteIcon from '@mui/icons-material/DeleteOutlined';
import EditIcon from '@mui/icons-material/EditOutlined';
import FavoriteIcon from '@mui/icons-material/Favorite';
import FavoriteBorderIcon from '@mui/icons-material/FavoriteBorder';
import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link as RouterLink } from 'react-router';
import type { z } from 'zod';
import { sentenceFor } from '../../api/errors';
import { newIdempotencyKey } from '../../api/idempotency';
import type { Comment, PostItem, Profile, UploadedImage } from '../../api/types';
import { ChooseImagesButton, UploadList } from '../../components/ImageUploads';
import { useImageUploads, type UploadState } from '../../components/useImageUploads';
import { nameOf } from '../../components/people';
import { PersonAvatar } from '../../components/PersonAvatar';
import { PostImages } from '../../components/PostImages';
import {
  commentSchema,
  useAddCommentMutation,
  useCommentsQuery,
  useDeletePostMutation,
  useEditPostMutation,
  useSetLikeMutation,
} from './api';
import { FormTextField } from '../../components/FormTextField';

dayjs.extend(relativeTime);

/**
 * Edit and delete on one's own post: icon and word, the word visually hidden on a phone (it stays
 * the button's name) so the actions row never wraps.
 */
const ownAction = {
  minWidth: 0,
  '@media (max-width: 599.95px)': {
    '& .MuiButton-startIcon': { m: 0 },
    '& .label': {
      position: 'absolute',
      width: 1,
      height: 1,
      overflow: 'hidden',
      clip: 'rect(0 0 0 0)',
      whiteSpace: 'nowrap',
    },
  },
} as const;

function CommentLine(props: { comment: Comment }) {
  const { comment } = props;
  const pending = comment.id.startsWith('pending-');
  return (
    <Box component="li" sx={{ py: 0.5, listStyle: 'none', opacity: pending ? 0.6 : 1 }}>
      <Typography variant="body2">
        <Link
          component={RouterLink}
          to={`/people/${comment.author.id}`}
          underline="always"
          sx={{ fontWeight: 600 }}
        >
          {nameOf(comment.author)}
        </Link>{' '}
        {comment.text}
      </Typography>
      <Typography variant="caption" color="text.secondary">
        {pending ? 'Sending…' : dayjs(comment.postedAt).fromNow()}
      </Typography>
    </Box>
  );
}

/** All of a post's comments, oldest first, a page at a time. */
function AllComments(props: { postId: string }) {
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [earlier, setEarlier] = useState<Comment[]>([]);
  const { data, error, refetch } = useCommentsQuery({ postId: props.postId, ...(cursor ? { cursor } : {}) });
  if (error)
    return (
      <Alert severity="error" action={<Button onClick={() => void refetch()}>Retry</Button>}>
        {sentenceFor(error)}
      </Alert>
    );
  const shown = [...earlier, ...(data?.items ?? [])];
  return (
    <>
      <Box component="ul" sx={{ m: 0, p: 0 }} aria-label="Comments">
        {shown.map((comment) => (
          <CommentLine key={comment.id} comment={comment} />
        ))}
      </Box>
      {data?.next && (
        <Button
          size="small"
          onClick={() => {
            setEarlier(shown);
            setCursor(data.next ?? undefined);
          }}
        >
          More comments
        </Button>
      )}
    </>
  );
}

/** How many images a post holds (the command service refuses more). */
const maxImages = 10;

/**
 * A post's text and images being changed by its author: images already in it can be taken out,
 * new ones uploaded beside them; Save waits for the uploads.
 */
function PostEditor(props: {
  post: PostItem;
  onDone: (edit?: { text: string; images: string[]; shown: UploadedImage[] }) => void;
}) {
  const [text, setText] = useState(props.post.text);
  const [kept, setKept] = useState<readonly UploadedImage[]>(props.post.images ?? []);
  const uploads = useImageUploads('post');
  const shown: UploadState[] = [
    ...kept.map((image, index) => ({
      key: image.id,
      name: `image ${index + 1} of the post`,
      progress: 1,
      image,
    })),
    ...uploads.uploads,
  ];
  const room = maxImages - shown.filter((each) => each.error === undefined).length;
  const images = [...kept, ...uploads.images];
  return (
    <Box sx={{ display: 'flex', gap: 1, flexDirection: 'column' }}>
      <TextField
        label="Edit your post"
        multiline
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
      <UploadList
        uploads={shown}
        thumbnail="640"
        onRemove={(key) =>
          kept.some((image) => image.id === key)
            ? setKept((all) => all.filter((image) => image.id !== key))
            : uploads.remove(key)
        }
      />
      <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
        <ChooseImagesButton
          label="Add images"
          multiple
          disabled={room <= 0}
          onChosen={(files) => {
            for (const file of files.slice(0, room)) void uploads.start(file);
          }}
        />
        <Box sx={{ flexGrow: 1 }} />
        <Button
          variant="contained"
          size="small"
          disabled={text.trim() === '' || uploads.busy}
          onClick={() =>
            props.onDone({ text: text.trim(), images: images.map((image) => image.id), shown: images })
          }
        >
          {uploads.busy ? 'Uploading images…' : 'Save'}
        </Button>
        <Button size="small" onClick={() => props.onDone()}>
          Cancel
        </Button>
      </Box>
    </Box>
  );
}

export function PostCard(props: { post: PostItem; me: Profile | undefined }) {
  const { post, me } = props;
  const mine = me !== undefined && post.author.id === me.id;
  const [setLike, { error: likeError }] = useSetLikeMutation();
  const [addComment, { error: commentError, isLoading: commenting }] = useAddCommentMutation();
  const [deletePost, { error: deleteError }] = useDeletePostMutation();
  const [editPost, { error: editError }] = useEditPostMutation();
  const [showAll, setShowAll] = useState(false);
  const [editing, setEditing] = useState(false);
  const [commentKey, setCommentKey] = useState(newIdempotencyKey);
  const form = useForm<z.infer<typeof commentSchema>>({
    resolver: zodResolver(commentSchema),
    defaultValues: { text: '' },
  });
  const name = nameOf(post.author);
  const error = likeError ?? commentError ?? deleteError ?? editError;

  const submitComment = form.handleSubmit(async ({ text }) => {
    if (me === undefined) return;
    const result = await addComment({
      postId: post.id,
      text,
      idempotencyKey: commentKey,
      author: { id: me.id, firstName: me.firstName, lastName: me.lastName, avatar: me.avatar },
    });
    if (!('error' in result)) {
      setCommentKey(newIdempotencyKey());
      form.reset({ text: '' });
    }
  });

  return (
    <Card component="article" aria-label={`Post by ${name}`} sx={{ mb: 2, opacity: post.pending ? 0.7 : 1 }}>
      <CardHeader
        avatar={<PersonAvatar person={post.author} />}
        title={
          <Link
            component={RouterLink}
            to={`/people/${post.author.id}`}
            underline="hover"
            sx={{ fontWeight: 600 }}
          >
            {name}
          </Link>
        }
        subheader={
          post.pending ? (
            <Chip size="small" label="Posting…" />
          ) : (
            <time dateTime={post.createdAt}>
              {dayjs(post.createdAt).fromNow()}
              {post.editedAt ? ' · edited' : ''}
            </time>
          )
        }
      />
      <CardContent sx={{ pt: 0 }}>
        {editing ? (
          <PostEditor
            post={post}
            onDone={(edit) => {
              setEditing(false);
              if (edit) void editPost({ postId: post.id, ...edit, idempotencyKey: newIdempotencyKey() });
            }}
          />
        ) : (
          <Typography sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{post.text}</Typography>
        )}
        <PostImages images={post.images} />
        {error && (
          <Alert severity="error" sx={{ mt: 1 }}>
            {sentenceFor(error)}
          </Alert>
        )}
      </CardContent>
      <CardActions sx={{ px: 2, flexWrap: 'wrap' }}>
        <IconButton
          aria-label={post.likedByMe ? 'Unlike' : 'Like'}
          aria-pressed={post.likedByMe}
          disabled={post.pending}
          onClick={() =>
            void setLike({ postId: post.id, liked: !post.likedByMe, idempotencyKey: newIdempotencyKey() })
          }
          color={post.likedByMe ? 'secondary' : 'default'}
        >
          {post.likedByMe ? <FavoriteIcon /> : <FavoriteBorderIcon />}
        </IconButton>
        <Typography variant="body2" aria-label={`${post.likeCount} likes`}>
          {post.likeCount} {post.likeCount === 1 ? 'like' : 'likes'}
        </Typography>
        <Typography variant="body2" sx={{ ml: 2 }}>
          {post.commentCount} {post.commentCount === 1 ? 'comment' : 'comments'}
        </Typography>
        <Box sx={{ flexGrow: 1 }} />
        {mine && !post.pending && (
          <>
            <Button size="small" onClick={() => setEditing(true)} startIcon={<EditIcon />} sx={ownAction}>
              <span className="label">Edit</span>
            </Button>
            <Button
              size="small"
              color="error"
              startIcon={<DeleteIcon />}
              sx={ownAction}
              onClick={() => {
                if (window.confirm('Delete this post?'))
                  void deletePost({ postId: post.id, idempotencyKey: newIdempotencyKey() });
              }}
            >
              <span className="label">Delete</span>
            </Button>
          </>
        )}
      </CardActions>
      <CardContent sx={{ pt: 0 }}>
        {showAll ? (
          <AllComments postId={post.id} />
        ) : (
          <>
            {post.commentCount > post.comments.length && (
              <Button size="small" onClick={() => setShowAll(true)}>
                View all {post.commentCount} comments
              </Button>
            )}
            <Box component="ul" sx={{ m: 0, p: 0 }} aria-label="Comments">
              {post.comments.map((comment) => (
                <CommentLine key={comment.id} comment={comment} />
              ))}
            </Box>
          </>
        )}
        {!post.pending && (
          <Box
            component="form"
            noValidate
            onSubmit={(event) => void submitComment(event)}
            sx={{ display: 'flex', gap: 1, mt: 1, alignItems: 'flex-start' }}
          >
            <FormTextField
              control={form.control}
              name="text"
              size="small"
              label={`Comment on ${name}’s post`}
              fullWidth
              error={form.formState.errors.text !== undefined}
              helperText={form.formState.errors.text?.message}
            />
            <Button type="submit" disabled={commenting}>
              Comment
            </Button>
          </Box>
        )}
      </CardContent>
    </Card>
  );
}
